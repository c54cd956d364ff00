/**
 * Custom Temporal search attributes the pathway workflows keep current.
 *
 * They are deployment facts as much as code: the Temporal namespace must have
 * them registered before a workflow sets them (the local stack passes them to
 * `temporal server start-dev --search-attribute`, docker-compose registers
 * them with `temporal operator search-attribute create`). Keep this list, the
 * workflow's keys and docker-compose.yml in step.
 */
export interface SearchAttributeDefinition {
  name: string;
  type: 'Keyword' | 'Bool' | 'Int' | 'Double' | 'Datetime' | 'Text' | 'KeywordList';
}

export const PATHWAY_SEARCH_ATTRIBUTES: readonly SearchAttributeDefinition[] = [
  { name: 'SarpStage', type: 'Keyword' },
  { name: 'SarpUrgency', type: 'Keyword' },
  { name: 'SarpPlacementModel', type: 'Keyword' },
  { name: 'SarpHasBreach', type: 'Bool' },
];
