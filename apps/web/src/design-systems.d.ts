/** The parts of MOJ's design system the pages use (the package ships no type declarations). */
declare module '@ministryofjustice/frontend' {
  /** Sorts a table by the column whose heading button is pressed; headings with aria-sort take part. */
  export class SortableTable {
    constructor(root: Element, config?: Record<string, unknown>);
  }
}
