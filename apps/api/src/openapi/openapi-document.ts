import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { COMMAND_ROUTES, type CommandRoute } from '../pathways/pathway-commands';
import { PERMISSION_MATRIX } from '../auth/permissions';
import { TASK_ROUTES } from '../worklist/worklist.controller';
import { CreateReferralRequest, ReferralAccepted } from '../referrals/referral-request';
import {
  AddUnitRequest,
  RegisterSchemeRequest,
  RetireUnitRequest,
  ReturnUnitRequest,
  VoidUnitRequest,
} from '../accommodation/accommodation-requests';
import { ServiceFeedbackRequest } from '../feedback/feedback.controller';
import {
  AnswerBody,
  ExtendBody,
  ReceiveSubjectAccessRequestBody,
  RestartClockBody,
  StopClockBody,
} from '../subject-access/subject-access.controller';

/** JSON Schema of a zod schema, in the dialect OpenAPI 3.0 understands. */
function schemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

const Timeline = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      sequence: { type: 'integer' },
      eventId: { type: 'string' },
      type: { type: 'string', example: 'ReferralReceived' },
      occurredAt: { type: 'string', format: 'date-time' },
      actor: { type: 'object', properties: { userId: { type: 'string' }, role: { type: 'string' } } },
      summary: { type: 'string' },
    },
  },
};

/** Read-your-writes: wait until the read model has projected the command just accepted. */
const AT_LEAST_SEQUENCE = {
  name: 'atLeastSequence',
  in: 'query',
  required: false,
  description:
    'The sequence of the last event of a command you just sent: the read waits (up to 10 s) until the read model has caught up with it. If it has not, the answer carries `Sarp-Projection-Behind: true`.',
  schema: { type: 'integer', minimum: 1 },
} as const;

const roleNames = (roles: readonly string[]) => roles.map((role) => role.replace('_', ' ')).join(', ');

const PATHWAY_ID = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const;
const PERSON_REF = {
  name: 'personId',
  in: 'path',
  required: true,
  description: "The person's pseudonymous reference",
  schema: { type: 'string' },
} as const;
const AS_OF = { name: 'asOf', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } } as const;
const PAGE = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
] as const;

/** The operations of one path, by HTTP method. */
type Operations = Record<string, { description?: string; [key: string]: unknown }>;

/** An auditor's read: JSON on success, the usual problems otherwise. */
function auditRead(operationId: string, summary: string, parameters: readonly object[]): Operations {
  return {
    get: {
      summary,
      operationId,
      tags: ['auditors'],
      parameters,
      responses: {
        '200': { description: 'JSON.' },
        '400': problem('A parameter is not valid.'),
        '401': problem('No token, or an invalid one.'),
        '403': problem('Not an auditor.'),
        '404': problem('Nothing of that id.'),
      },
    },
  };
}

/** Every operation that needs a token says who may call it, from the permission matrix (the one place that decides). */
function withRolesFromMatrix(paths: Record<string, Operations>): Record<string, Operations> {
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const endpoint = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      const roles = (PERMISSION_MATRIX as Record<string, readonly string[]>)[endpoint];
      if (!roles) continue;
      operation.description = `Roles: ${roleNames(roles)}.${operation.description ? ` ${operation.description}` : ''}`;
      operation['x-sarp-roles'] = roles;
    }
  }
  return paths;
}

/** One path per command, from the same registry that routes and validates them. */
function commandPaths(
  routes: readonly CommandRoute[],
  base: string,
  tag: string,
  idSchema: Record<string, unknown>,
): Record<string, Operations> {
  return Object.fromEntries(
    routes.map((route) => [
      `${base}/{id}/${route.action}`,
      {
        post: {
          summary: route.summary,
          description: "Answers with the pathway's new state and the events the command caused.",
          operationId: `${tag.replace(/\W+/g, '-')}-${route.action}`,
          tags: [tag],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: idSchema },
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Any unique string of 8-200 characters, yours alone: the same key and body answer with the first answer (`repeated: true`) and record nothing again; the same key with another body is a 409.',
              schema: { type: 'string', minLength: 8, maxLength: 200 },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body) } } },
          responses: {
            '200': { description: 'Accepted: `{ state, events }`.' },
            '400': problem('The body is not valid; `errors` names each wrong field.'),
            '401': problem('No token, or an invalid one.'),
            '403': problem("The caller's role may not send this command."),
            '404': problem('No open pathway with this id.'),
            '409': problem("Not allowed in the pathway's current stage (or the unit is taken)."),
            '422': problem('A rule was broken; `detail` says which.'),
            '202': problem(
              'Sent, not confirmed (`type` …/outcome-unknown): Temporal took the command and gave no answer in time; it may still be recorded. `retry` says what to do: `same-key` (send it again with the same Idempotency-Key to get its answer) or `read-first`.',
            ),
            '503': problem('Temporal is unavailable (`dependency`); nothing was changed: send it again (`retry: send-again`).'),
          },
        },
      },
    ]),
  );
}

const SCHEME_ID = { name: 'schemeId', in: 'path', required: true, schema: { type: 'string', example: 'orchard-house' } } as const;
const UNIT_ID = { name: 'unitId', in: 'path', required: true, schema: { type: 'string', example: 'flat-1' } } as const;
const MODEL_FILTER = {
  name: 'model',
  in: 'query',
  schema: { type: 'string', enum: ['intensive', 'transitional', 'independent'] },
} as const;

/** An admin's change to the catalogue: one transaction, its events in the answer. */
function catalogueCommand(
  operationId: string,
  summary: string,
  body: z.ZodType,
  parameters: readonly object[],
  created = false,
): Operations {
  return {
    post: {
      summary,
      operationId,
      tags: ['accommodation'],
      parameters,
      requestBody: { required: true, content: { 'application/json': { schema: schemaOf(body) } } },
      responses: {
        [created ? '201' : '200']: { description: 'Done: `{ scheme, events }` (each event with its actor).' },
        '400': problem('The body is not valid; `errors` names each wrong field.'),
        '401': problem('No token, or an invalid one.'),
        '403': problem('Not an admin.'),
        '404': problem('No such scheme.'),
        '409': problem('Not allowed as the scheme or unit stands (already there, retired, held by a pathway).'),
        '422': problem('A rule was broken; `detail` says which.'),
      },
    },
  };
}

/** Schemes, units, vacancies and waiting lists (issue 11). */
function accommodationPaths(): Record<string, Operations> {
  const read = (operationId: string, summary: string, parameters: readonly object[], description?: string): Operations => ({
    get: {
      summary,
      operationId,
      tags: ['accommodation'],
      parameters,
      ...(description ? { description } : {}),
      responses: {
        '200': { description: 'JSON.' },
        '400': problem('A parameter is not valid.'),
        '401': problem('No token, or an invalid one.'),
        '403': problem('Not a role that reads this.'),
        '404': problem('Nothing of that id.'),
      },
    },
  });
  return {
    '/schemes': {
      ...read('schemes', 'The accommodation catalogue: every scheme with its units and their status', []),
      ...catalogueCommand(
        'register-scheme',
        'Register a scheme (placement model, provider, area, tenancy type) with its first units',
        RegisterSchemeRequest,
        [],
        true,
      ),
    },
    '/schemes/{schemeId}': read('scheme', 'One scheme with its units', [SCHEME_ID]),
    '/schemes/{schemeId}/units': catalogueCommand('add-unit', 'Add a unit to a scheme', AddUnitRequest, [SCHEME_ID], true),
    '/schemes/{schemeId}/units/{unitId}/retirement': catalogueCommand(
      'retire-unit',
      'Retire a unit for good (refused while it is offered or occupied)',
      RetireUnitRequest,
      [SCHEME_ID, UNIT_ID],
    ),
    '/schemes/{schemeId}/units/{unitId}/void': catalogueCommand(
      'void-unit',
      'Take a unit out of use (void), with the reason and its expected return (refused while it is offered or occupied)',
      VoidUnitRequest,
      [SCHEME_ID, UNIT_ID],
    ),
    '/schemes/{schemeId}/units/{unitId}/return': catalogueCommand('return-unit', 'Put a void unit back in use', ReturnUnitRequest, [
      SCHEME_ID,
      UNIT_ID,
    ]),
    '/vacancies': read(
      'vacancies',
      'Every unit in use or void with its state: free, offered, accepted, occupied (since, and when it is expected to free), void (since, until)',
      [
        MODEL_FILTER,
        { name: 'schemeId', in: 'query', schema: { type: 'string' } },
        { name: 'area', in: 'query', schema: { type: 'string' } },
        {
          name: 'asOf',
          in: 'query',
          description: 'Auditors: as the vacancies stood at this instant',
          schema: { type: 'string', format: 'date-time' },
        },
      ],
      'The pathway holding a unit is shown to those who work on that case.',
    ),
    '/waiting-list': read(
      'waiting-list',
      "Each model's waiting list in the order of the priority rule in force, every position with the terms of the rule that placed it",
      [MODEL_FILTER],
      'Who is waiting is shown on need-to-know (and recorded in the access log); positions and their reasons are shown to all who may read the list.',
    ),
    '/audit/accommodation-events': auditRead(
      'accommodation-events',
      "The catalogue's events (schemes and units), oldest first, and the catalogue they fold to",
      [
        { name: 'schemeId', in: 'query', schema: { type: 'string' } },
        { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date-time' } },
      ],
    ),
  };
}

/**
 * The API's description, built from the same zod schemas that validate
 * requests, so the documentation cannot drift from what is enforced.
 */
export function buildOpenApiDocument(serverUrl: string): OpenAPIObject {
  return {
    openapi: '3.0.3',
    info: {
      title: 'SARP API',
      version: '0.1.0',
      description:
        'Single Access Referral Point for supported living. Every call except /health, /health/ready and /docs needs ' +
        '`Authorization: Bearer <token>`; with the embedded default, `npm run token -- --user <id> --role <role>` prints one. ' +
        'Errors are RFC 7807 problem details.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths: withRolesFromMatrix({
      '/referrals': {
        post: {
          summary: "Record a referral and start the person's pathway",
          description:
            'Answers 202 once the pathway workflow has started; the pathway appears in `GET /pathways/{id}` ' +
            'as soon as the read model has projected it. Repeating a referral (same `referralId`, or same `Idempotency-Key`) answers with the same pathway.',
          operationId: 'createReferral',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Any unique string of 8-200 characters; send the same key to retry the same request safely.',
              schema: { type: 'string', minLength: 8, maxLength: 200 },
            },
            { name: 'X-Correlation-Id', in: 'header', required: false, schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: schemaOf(CreateReferralRequest) } } },
          responses: {
            '202': {
              description: 'Accepted: the pathway has started (or had started, for a repeat).',
              headers: { Location: { schema: { type: 'string' }, description: 'The pathway resource.' } },
              content: { 'application/json': { schema: schemaOf(ReferralAccepted) } },
            },
            '400': problem('The body is not valid; `errors` names each wrong field.'),
            '401': problem('No token, or an invalid one.'),
            '403': problem("The caller's role may not record referrals."),
            '409': problem('The referral id or Idempotency-Key was already used for a different referral.'),
            '503': problem('A dependency (named in `dependency`) is unavailable; nothing was recorded: send it again.'),
          },
        },
      },
      '/pathways/{id}': {
        get: {
          summary: 'Read a pathway from the read model',
          description: 'Need-to-know: only a case the caller works on (403 otherwise, recorded).',
          operationId: 'getPathway',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, AT_LEAST_SEQUENCE],
          responses: {
            '200': {
              description: 'The pathway as projected.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      pathwayId: { type: 'string', format: 'uuid' },
                      personId: { type: 'string' },
                      stage: { type: 'string', enum: ['referral', 'assessment', 'panel', 'placement', 'step_down', 'move_on', 'closed'] },
                      urgency: { type: 'string', enum: ['crisis', 'standard'] },
                      referringAgency: { type: 'string' },
                      openedAt: { type: 'string', format: 'date-time' },
                      updatedAt: { type: 'string', format: 'date-time' },
                      lastSequence: { type: 'integer' },
                      placementModel: { type: 'string', nullable: true, enum: ['intensive', 'transitional', 'independent'] },
                      breaches: { type: 'integer' },
                      deadlines: {
                        type: 'array',
                        description:
                          'Every deadline set on the pathway, with the rule, policy version and source that set it, and how it ended.',
                        items: {
                          type: 'object',
                          properties: {
                            deadlineId: { type: 'string' },
                            ruleId: { type: 'string' },
                            policyVersion: { type: 'string' },
                            rule: { type: 'string' },
                            source: { type: 'string' },
                            dueAt: { type: 'string', format: 'date-time' },
                            kind: {
                              type: 'string',
                              enum: ['target', 'limit'],
                              description: 'A target that passes is missed (its limit still runs); a limit is breached.',
                            },
                            status: { type: 'string', enum: ['open', 'met', 'missed', 'breached', 'cancelled'] },
                            closedAt: { type: 'string', format: 'date-time', nullable: true },
                          },
                        },
                      },
                      escalations: {
                        type: 'array',
                        description: 'Escalations raised, each with the kind of deadline that passed (target or limit)',
                        items: { type: 'object' },
                      },
                      planVersion: { type: 'integer', description: 'The support plan version: 1 from the assessment, +1 each review' },
                      planCopiesOutstanding: {
                        type: 'array',
                        items: { type: 'integer' },
                        description: 'Plan versions of which no copy is recorded as given to the person (POST /pathways/{id}/plan-copy)',
                      },
                      planVersions: {
                        type: 'array',
                        description:
                          'Every support plan version, oldest first: what produced it (assessment, routine_review, annual_review), when and by whom, the plan, review notes, and the last copy record (null while none is recorded)',
                        items: { type: 'object' },
                      },
                      actions: {
                        type: 'array',
                        items: { type: 'string' },
                        description:
                          'The actions (POST /pathways/{id}/{action}) the caller may send now: the stage opens them and the caller\'s role may send them. The pathway page offers a form for each',
                      },
                      approvedModel: { type: 'string', nullable: true, enum: ['intensive', 'transitional', 'independent'] },
                      offer: {
                        type: 'object',
                        nullable: true,
                        description: 'The current offer (offerId, model, unit, status offered|accepted): what offer-response and placement name',
                      },
                      timeline: Timeline,
                    },
                  },
                },
              },
            },
            '400': problem('The id is not a UUID.'),
            '401': problem('No token, or an invalid one.'),
            '403': problem("The caller's role may not read pathways."),
            '404': problem('No such pathway in the read model.'),
            '503': problem('The read model database is unavailable.'),
          },
        },
      },
      '/pathways': {
        get: {
          summary: 'List pathways from the read model',
          description:
            'The pathways the caller works on (need-to-know; auditors: all), filtered by stage, urgency, breaches, person reference, team, outcome and the day opened. Most recently changed first; each with its team, its worker (the assessor assigned, or whoever took the case over), once closed its outcome, the open deadline due first (`nextDeadline`: rule id, rule in words, kind, due time) and how many open deadlines are past due (`overdue`).',
          operationId: 'listPathways',
          parameters: [
            {
              name: 'stage',
              in: 'query',
              schema: { type: 'string', enum: ['referral', 'assessment', 'panel', 'placement', 'step_down', 'move_on', 'closed'] },
            },
            { name: 'urgency', in: 'query', schema: { type: 'string', enum: ['crisis', 'standard'] } },
            { name: 'breached', in: 'query', description: 'true: only pathways with a breached deadline', schema: { type: 'boolean' } },
            { name: 'personRef', in: 'query', description: "The person's reference, exactly", schema: { type: 'string' } },
            {
              name: 'team',
              in: 'query',
              schema: { type: 'string', enum: ['localities', 'contact_and_prevention', 'learning_disability', 'adult_mental_health'] },
            },
            {
              name: 'outcome',
              in: 'query',
              description: 'How a closed pathway ended',
              schema: {
                type: 'string',
                enum: ['declined', 'redirected', 'withdrawn', 'not_eligible', 'panel_rejected', 'left', 'moved_on'],
              },
            },
            {
              name: 'openedFrom',
              in: 'query',
              description: 'Opened on or after this day (London)',
              schema: { type: 'string', format: 'date' },
            },
            {
              name: 'openedTo',
              in: 'query',
              description: 'Opened on or before this day (London)',
              schema: { type: 'string', format: 'date' },
            },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          ],
          responses: {
            '200': { description: '`{ items, total }`' },
            '400': problem('A filter is not valid.'),
            '401': problem('No token, or an invalid one.'),
            '403': problem("The caller's role may not read pathways."),
          },
        },
      },
      '/pathways/{id}/live': {
        get: {
          summary: "The pathway's live state, from its workflow",
          description: 'Need-to-know as for reading a pathway. The read model may lag this by moments.',
          operationId: 'getLivePathway',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { '200': { description: 'The workflow state.' }, '404': problem('No open pathway with this id.') },
        },
      },
      '/worklist': {
        get: {
          summary: "The QA panel's worklist: complex cases with their case summaries",
          description: 'Default order: crisis first, then soonest due.',
          operationId: 'worklist',
          tags: ['QA panel'],
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['pending', 'decided', 'returned', 'withdrawn'] } },
            { name: 'priority', in: 'query', schema: { type: 'string', enum: ['crisis', 'standard'] } },
            { name: 'dueBefore', in: 'query', schema: { type: 'string', format: 'date-time' } },
            {
              name: 'sitting',
              in: 'query',
              description: "A sitting's agenda: its date (London)",
              schema: { type: 'string', format: 'date' },
            },
            { name: 'assignedToMe', in: 'query', schema: { type: 'boolean' } },
            {
              name: 'team',
              in: 'query',
              schema: { type: 'string', enum: ['localities', 'contact_and_prevention', 'learning_disability', 'adult_mental_health'] },
            },
            { name: 'sort', in: 'query', schema: { type: 'string', enum: ['priority', 'due', 'referred'], default: 'priority' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          ],
          responses: {
            '200': { description: '`{ items, total }`' },
            '400': problem('A filter is not valid.'),
            '403': problem('Not a panel role.'),
          },
        },
      },
      '/tasks/{id}': {
        get: {
          summary: 'One panel task with its case summary',
          operationId: 'panelTask',
          tags: ['QA panel'],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, AT_LEAST_SEQUENCE],
          responses: { '200': { description: 'The task.' }, '404': problem('No such task.') },
        },
      },
      ...commandPaths(COMMAND_ROUTES, '/pathways', 'pathway commands', { type: 'string', format: 'uuid' }),
      ...commandPaths(TASK_ROUTES, '/tasks', 'QA panel', { type: 'string', example: '<pathway id>:panel:7' }),
      '/persons/{personId}/consent': {
        get: {
          summary: "The person's consent to share with other agencies: as it stands, and every record before it",
          description: 'Need-to-know: the caller works on one of the person’s pathways (403 otherwise, recorded).',
          operationId: 'personConsent',
          parameters: [PERSON_REF],
          responses: {
            '200': { description: '`{ personId, current, history }`' },
            '403': problem('Not a role that reads cases, or not one of this person’s cases.'),
            '404': problem('No pathway of this person.'),
          },
        },
      },
      '/pathways/{id}/refused-attempts': auditRead(
        'refusedAttempts',
        'Every command and read refused for the pathway (role, stage, rule, need-to-know): who, what, why',
        [PATHWAY_ID],
      ),
      '/audit/pathways/{id}/events': auditRead('auditPathwayEvents', 'The complete event history of a pathway, with refused attempts', [
        PATHWAY_ID,
        ...PAGE,
      ]),
      '/audit/persons/{personId}/events': auditRead('auditPersonEvents', 'Every event about a person, across their pathways', [
        PERSON_REF,
        ...PAGE,
      ]),
      '/audit/pathways/{id}/state': auditRead('auditStateAsOf', 'The pathway as it stood at an instant, and the last event included', [
        PATHWAY_ID,
        AS_OF,
      ]),
      '/audit/pathways/{id}/verify': auditRead(
        'auditVerify',
        "Check the pathway's keyed hash chain and its latest signed checkpoint on Kafka; name the first altered link, or the events removed",
        [PATHWAY_ID],
      ),
      '/audit/access-log/verify': auditRead(
        'auditVerifyAccessLog',
        "Check every access-log row's seal, and each checkpointed segment of the log against what is stored",
        [],
      ),
      '/audit/worklist': auditRead('auditWorklistAsOf', "The QA panel's worklist as it stood at an instant", [AS_OF]),
      '/audit/safeguarding-referrals': auditRead(
        'auditSafeguardingReferrals',
        'Safeguarding referrals; flagged=true: those made without consent',
        [{ name: 'flagged', in: 'query', schema: { type: 'boolean' } }, ...PAGE],
      ),
      '/audit/persons/{personId}/access-log': auditRead('auditAccessLog', "Every read of the person's data: who, role, what, when, why", [
        PERSON_REF,
      ]),
      '/audit/persons/{personId}/export': auditRead(
        'subjectAccessExport',
        'Subject access: everything held about the person, as one document',
        [PERSON_REF],
      ),
      '/feedback': {
        post: {
          summary:
            'Record a complaint or compliment about the service tied to no person’s pathway (seed 003): how it arrived and, where named, the officer',
          operationId: 'recordServiceFeedback',
          tags: ['reports'],
          requestBody: { required: true, content: { 'application/json': { schema: schemaOf(ServiceFeedbackRequest) } } },
          responses: { '201': { description: 'The feedback as recorded' }, '422': problem('Invalid feedback.') },
        },
        get: {
          summary: 'Feedback about the service tied to no pathway, newest first (by the London dates received)',
          operationId: 'listServiceFeedback',
          tags: ['reports'],
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
          ],
          responses: { '200': { description: '`{ items }`' } },
        },
      },
      '/subject-access-requests': {
        post: {
          summary:
            'Record a subject access request (UK GDPR): who made it, when it was received, by which channel. Its one-month clock starts from the day of receipt',
          operationId: 'receiveSubjectAccessRequest',
          tags: ['subject access'],
          requestBody: { required: true, content: { 'application/json': { schema: schemaOf(ReceiveSubjectAccessRequestBody) } } },
          responses: {
            '201': { description: '`{ requestId, state }`: state.dueAt is when the answer is due' },
            '422': problem('Received in the future.'),
          },
        },
        get: {
          summary: 'Subject access requests, soonest due first',
          operationId: 'listSubjectAccessRequests',
          tags: ['subject access'],
          parameters: [
            { name: 'personRef', in: 'query', schema: { type: 'string' } },
            { name: 'open', in: 'query', schema: { type: 'boolean' } },
          ],
          responses: { '200': { description: '`{ items }`' } },
        },
      },
      '/subject-access-requests/{requestId}': {
        get: {
          summary: 'One subject access request, with its events',
          operationId: 'subjectAccessRequest',
          tags: ['subject access'],
          parameters: [{ name: 'requestId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { '200': { description: 'The request' }, '404': problem('No such request.') },
        },
      },
      ...Object.fromEntries(
        (
          [
            ['clock-stop', 'Stop the clock while proof of identity or clarification is awaited', StopClockBody],
            [
              'clock-restart',
              'Restart it when that arrives: identity starts the month again from its arrival; clarification adds the days stopped',
              RestartClockBody,
            ],
            ['extension', 'Extend a complex request by one or two months, with the reason, while its first month runs', ExtendBody],
            ['answer', 'Record the answer: the export of everything held produced, and sent (when and how)', AnswerBody],
          ] as const
        ).map(([action, summary, body]) => [
          `/subject-access-requests/{requestId}/${action}`,
          {
            post: {
              summary,
              operationId: `subjectAccess-${action}`,
              tags: ['subject access'],
              parameters: [{ name: 'requestId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
              requestBody: { required: true, content: { 'application/json': { schema: schemaOf(body) } } },
              responses: {
                '200': { description: '`{ state, events }`' },
                '409': problem('Not allowed now (answered, clock already stopped...).'),
                '422': problem('A rule was broken.'),
              },
            },
          },
        ]),
      ),
      '/reports': {
        get: {
          summary: "The service's figures: each with its definition, columns and links",
          operationId: 'listReports',
          tags: ['reports'],
          responses: { '200': { description: '`{ figures }`' }, '403': problem('Not a role that reads the figures.') },
        },
      },
      '/reports/{figure}': {
        get: {
          summary: 'One figure for a period, computed from the events by event time (docs/reporting.md defines each)',
          operationId: 'report',
          tags: ['reports'],
          parameters: [
            { name: 'figure', in: 'path', required: true, schema: { type: 'string', example: 'referrals-per-month' } },
            {
              name: 'from',
              in: 'query',
              description: 'Start of the period (default: the start of this London month)',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'to',
              in: 'query',
              description: 'End of the period, exclusive (default: now); figures are as things stood then',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'team',
              in: 'query',
              schema: { type: 'string', enum: ['localities', 'contact_and_prevention', 'learning_disability', 'adult_mental_health'] },
            },
            { name: 'model', in: 'query', schema: { type: 'string', enum: ['intensive', 'transitional', 'independent'] } },
            { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
          ],
          responses: {
            '200': { description: 'JSON `{ figure, period, columns, rows }`, or CSV with `format=csv`.' },
            '400': problem('A parameter is not valid.'),
            '403': problem('Not a role that reads the figures.'),
            '404': problem('No such figure.'),
          },
        },
      },
      ...accommodationPaths(),
      '/health': {
        get: {
          summary: 'Liveness: the API process answers',
          description: 'No token needed; asks no dependency.',
          operationId: 'live',
          security: [],
          responses: { '200': { description: 'The process is up.' } },
        },
      },
      '/health/ready': {
        get: {
          summary: 'Readiness: whether Temporal, Kafka and PostgreSQL answer',
          description: 'No token needed; says only `ready` or `not-ready` (which part is down is at /health/dependencies).',
          operationId: 'ready',
          security: [],
          responses: {
            '200': { description: 'Ready: every part answers.' },
            '503': { description: 'Not ready: at least one part is down.' },
          },
        },
      },
      '/health/dependencies': {
        get: {
          summary: 'Each dependency up or down, and why in general words',
          description: 'For admins, who run the service. The raw reason is in the API log.',
          operationId: 'dependencies',
          responses: {
            '200': { description: 'All parts up.' },
            '503': { description: 'At least one part is down; `checks` says which.' },
            '403': problem('Not an admin.'),
          },
        },
      },
      '/temporal-codec/decode': {
        post: {
          summary: "Decode Temporal payloads (the codec-server protocol): a history's encrypted payloads made readable",
          description:
            'For auditors, each call in the access log. Body and answer: `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`. Decode only: nothing outside SARP encodes payloads.',
          operationId: 'decodePayloads',
          responses: {
            '200': { description: 'The payloads decrypted (a payload that was not encrypted comes back as it was).' },
            '403': problem('Not an auditor.'),
            '404': problem('Payloads are not encrypted in this deployment.'),
            '422': problem('A payload cannot be decrypted (its key is not configured, or it was altered).'),
          },
        },
      },
    }),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ProblemDetails: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
            dependency: { type: 'string', enum: ['temporal', 'kafka', 'postgresql'] },
            retry: {
              type: 'string',
              enum: ['send-again', 'same-key', 'read-first'],
              description:
                'With a 503 or an unconfirmed 202: `send-again` (nothing was changed), `same-key` (it may be recorded: send it again with the same Idempotency-Key to get its answer, never recorded twice), `read-first` (it may be recorded and had no key: read the pathway first).',
            },
          },
        },
      },
    },
  };
}
