/**
 * The forms' logic, apart from the pages so it is unit-tested: a form described as data (its fields, each
 * named by its path in the request body: "risk.level" → { risk: { level } }) becomes the body the API takes,
 * what is missing or not a number is found before sending, and the API's field errors are put back on the
 * fields they name. shared/form-view.ts draws such a form in GOV.UK markup.
 */
export type Choices = readonly (readonly [value: string, label: string])[];

export type FieldSpec = {
  name: string;
  label: string;
  hint?: string;
  /** Left empty: omitted from the body, or sent as null where the API needs the field present. */
  optional?: 'omit' | 'null';
  initial?: string;
} & (
  | { kind: 'text' | 'textarea' | 'date' }
  /** A whole number or a decimal, sent as a number. */
  | { kind: 'number' }
  /** Typed in pounds, sent in pence. */
  | { kind: 'pounds-as-pence' }
  /** One entry per line, sent as a list. */
  | { kind: 'lines' }
  | { kind: 'select' | 'radios'; choices: Choices }
  | { kind: 'checkboxes'; choices: Choices }
  /** Yes or no, sent as true or false. */
  | { kind: 'yes-no' }
  /** Filled by the page from what it shows (a pathway's approved model, its offer): shown, not typed. */
  | { kind: 'given'; source: string }
  /** Chosen from a list the page reads from the API (free units, a scheme's units); "a/b" is sent as { schemeId, unitId } when `asUnit`. */
  | { kind: 'choice-from-api'; list: string; asUnit?: boolean }
);

export interface ActionForm {
  action: string;
  title: string;
  /** What it does, in the words of the rule it serves. */
  description: string;
  button: string;
  /** Where the page shows it (the pathway page: the stage's own work, or the records kept at any stage). */
  group: string;
  fields: FieldSpec[];
}

/** A field's raw value as the form holds it: text, the ticked boxes, or nothing. */
export type RawValue = string | string[] | null;

export interface FormError {
  /** The field's name in the form (its body path), or none for the form as a whole. */
  field?: string;
  text: string;
}

/** The values of `given` fields, by source: what the page already knows (null: not there yet). */
export type GivenValues = Readonly<Record<string, string | null>>;

function setPath(body: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = body;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

function isEmpty(value: RawValue): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/** One field's value for the body, or an error in words a person reads. */
function valueOf(field: FieldSpec, raw: RawValue, given: GivenValues): { value?: unknown; error?: string } {
  const label = field.label.toLowerCase();
  const text = typeof raw === 'string' ? raw.trim() : '';
  switch (field.kind) {
    case 'given': {
      const value = given[field.source];
      return value ? { value } : { error: `There is no ${label} yet` };
    }
    case 'checkboxes':
      return { value: Array.isArray(raw) ? raw : [] };
    case 'lines':
      return { value: text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0) };
    case 'number':
    case 'pounds-as-pence': {
      const number = Number(text);
      if (!/^\d+(\.\d{1,2})?$/.test(text) || !Number.isFinite(number)) return { error: `Enter the ${label} as a number, like 12 or 12.50` };
      return { value: field.kind === 'pounds-as-pence' ? Math.round(number * 100) : number };
    }
    case 'yes-no':
      return { value: text === 'yes' };
    case 'choice-from-api': {
      if (!field.asUnit) return { value: text };
      const [schemeId, unitId] = text.split('/');
      return schemeId && unitId ? { value: { schemeId, unitId } } : { error: `Choose ${label}` };
    }
    default:
      return { value: text };
  }
}

/** The request body of a form, or what to put right first. An empty form sends {} (a command with no data). */
export function bodyOf(form: ActionForm, read: (name: string) => RawValue, given: GivenValues): { body: Record<string, unknown>; errors: FormError[] } {
  const body: Record<string, unknown> = {};
  const errors: FormError[] = [];
  for (const field of form.fields) {
    const raw = read(field.name);
    const needsInput = !['given', 'checkboxes', 'lines'].includes(field.kind);
    if (needsInput && isEmpty(raw)) {
      if (field.optional === 'null') setPath(body, field.name, null);
      else if (!field.optional) errors.push({ field: field.name, text: `${field.kind === 'radios' || field.kind === 'select' || field.kind === 'yes-no' || field.kind === 'choice-from-api' ? 'Choose' : 'Enter'} ${field.label.toLowerCase()}` });
      continue;
    }
    const { value, error } = valueOf(field, raw, given);
    if (error) errors.push({ field: field.name, text: error });
    else if (field.kind === 'lines' && (value as string[]).length === 0 && field.name === 'needs') errors.push({ field: field.name, text: 'Enter at least one need' });
    else setPath(body, field.name, value);
  }
  return { body, errors };
}

/**
 * The API's field errors (paths like "risk.level", "needs.0" or "unit.schemeId") on the form's fields: each on
 * the field whose name is the longest prefix of its path; one that names no field is the form's own.
 */
export function errorsOnFields(form: ActionForm, apiErrors: readonly { field: string; message: string }[]): FormError[] {
  return apiErrors.map((apiError) => {
    const field = form.fields
      .map((candidate) => candidate.name)
      .filter((name) => apiError.field === name || apiError.field.startsWith(`${name}.`))
      .sort((a, b) => b.length - a.length)[0];
    return field ? { field, text: `${labelOf(form, field)}: ${apiError.message}` } : { text: `${apiError.field}: ${apiError.message}` };
  });
}

function labelOf(form: ActionForm, name: string): string {
  return form.fields.find((field) => field.name === name)?.label ?? name;
}

/** The id of a field's control on the page: unique across the page's forms, and safe in a URL fragment. */
export function controlId(action: string, name: string): string {
  return `${action}--${name.replace(/\./g, '-')}`;
}
