/**
 * The referral form's logic, apart from the page: the form's values as the body of POST /referrals, and
 * the check the API itself makes (the same zod schema, from libs/events), its findings in the words the
 * GOV.UK design system asks for ("Enter…", "Choose…"), one per field.
 */
import { CreateReferralRequest } from '@sarp/events/referral-request';

export type ReferralField = 'personRef' | 'referralId' | 'referringAgency' | 'presentingNeeds' | 'urgency' | 'team';

export interface FieldError {
  field: ReferralField;
  text: string;
}

/** What each field's error says, whatever the schema found wrong with it. */
const MESSAGES: Record<ReferralField, string> = {
  personRef: 'Enter a person reference of 2 to 64 letters, digits, hyphens or underscores, for example P-000123 (never a name)',
  referralId: "Enter the referrer's reference in 100 characters or fewer, or leave it empty",
  referringAgency: 'Choose who referred the person',
  presentingNeeds: 'Enter what the person needs help with: up to 20 needs, one per line, each 2,000 characters or fewer',
  urgency: 'Choose how urgent it is',
  team: 'Choose a team from the list, or leave "My team"',
};

const FIELDS = Object.keys(MESSAGES) as ReferralField[];

/** The body the form describes: empty optional fields left out, one need per non-empty line. */
export function referralBody(values: Record<ReferralField, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {
    personRef: values.personRef.trim(),
    referringAgency: values.referringAgency || undefined,
    presentingNeeds: values.presentingNeeds
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    urgency: values.urgency || undefined,
  };
  if (values.referralId.trim()) body.referralId = values.referralId.trim();
  if (values.team) body.team = values.team;
  return body;
}

/** The fields the API would refuse, in the form's order, each once. */
export function referralErrors(body: Record<string, unknown>): FieldError[] {
  const checked = CreateReferralRequest.safeParse(body);
  if (checked.success) return [];
  const wrong = new Set(checked.error.issues.map((issue) => String(issue.path[0] ?? '')));
  return FIELDS.filter((field) => wrong.has(field)).map((field) => ({ field, text: MESSAGES[field] }));
}

/** The API's own 400 (`errors: [{ field, message }]`, fields like "presentingNeeds.0") as the form's errors. */
export function errorsFromProblem(errors: { field: string; message: string }[]): FieldError[] {
  const wrong = new Set(errors.map((error) => error.field.split('.')[0]));
  return FIELDS.filter((field) => wrong.has(field)).map((field) => ({ field, text: MESSAGES[field] }));
}
