/**
 * The pathway page has a form for every command a person sends to a pathway (the panel's decision is made
 * in the worklist), and each form's fields are fields of the route's body schema: a field the API does not
 * take would be refused as unknown.
 */
import { z } from 'zod';
import { COMMAND_ROUTES } from '../apps/api/src/pathways/pathway-commands';
import { ACTION_FORMS } from '../apps/web/src/pages/pathway-forms';

const DECIDED_IN_THE_WORKLIST = ['panel-decision'];

/** The top-level keys an object schema takes (the forms' first path segment). */
function topLevelKeys(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

describe('the pathway page forms and the command routes', () => {
  it('offers a form for every command route but the panel decision', () => {
    expect(ACTION_FORMS.map((form) => form.action).sort()).toEqual(
      COMMAND_ROUTES.map((route) => route.action)
        .filter((action) => !DECIDED_IN_THE_WORKLIST.includes(action))
        .sort(),
    );
  });

  it("names only fields the route's body takes", () => {
    for (const form of ACTION_FORMS) {
      const route = COMMAND_ROUTES.find((candidate) => candidate.action === form.action)!;
      const keys = topLevelKeys(route.body);
      expect({ action: form.action, unknown: form.fields.map((field) => field.name.split('.')[0]).filter((key) => !keys.includes(key!)) }).toEqual({
        action: form.action,
        unknown: [],
      });
    }
  });
});
