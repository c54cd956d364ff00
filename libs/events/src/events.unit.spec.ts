import { EventSchemaError, parsePathwayEvent, pathwayEventId } from '@sarp/events';

const valid = {
  eventId: '7b0e3c52-9a55-4b8e-9d3a-1f2a3b4c5d6e:1',
  pathwayId: '7b0e3c52-9a55-4b8e-9d3a-1f2a3b4c5d6e',
  personId: 'P-000123',
  sequence: 1,
  type: 'ReferralReceived',
  schemaVersion: 1,
  occurredAt: '2026-11-25T09:30:00.000Z',
  actor: { userId: 'coordinator-ann', role: 'coordinator' },
  policyVersion: null,
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  data: { referralId: null, referringAgency: 'self', presentingNeeds: ['Needs somewhere safe to live'], urgency: 'standard' },
};

describe('the pathway event contract', () => {
  it('accepts a well-formed ReferralReceived v1', () => {
    expect(parsePathwayEvent(valid)).toEqual(valid);
  });

  it('derives event ids from pathway id and sequence only', () => {
    expect(pathwayEventId(valid.pathwayId, 7)).toBe(`${valid.pathwayId}:7`);
  });

  it.each([
    ['an unknown type', { ...valid, type: 'ReferralLost' }, 'type'],
    ['an unknown schema version', { ...valid, schemaVersion: 9 }, 'schemaVersion'],
    ['a missing actor', { ...valid, actor: undefined }, 'actor'],
    ['an unknown field', { ...valid, extra: 1 }, '(event)'],
    ['a name instead of a person reference', { ...valid, personId: 'Jane Smith' }, 'personId'],
    ['no presenting needs', { ...valid, data: { ...valid.data, presentingNeeds: [] } }, 'data.presentingNeeds'],
    ['a non-UTC timestamp', { ...valid, occurredAt: 'yesterday' }, 'occurredAt'],
  ])('refuses %s, naming the field', (_what, event, path) => {
    let caught: unknown;
    try {
      parsePathwayEvent(event);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventSchemaError);
    expect((caught as EventSchemaError).issues.map((issue) => issue.path)).toContain(path);
  });

  it('keeps values out of the error message (they may be personal data)', () => {
    const secret = 'Lives at 12 Acacia Avenue';
    expect(() => parsePathwayEvent({ ...valid, personId: secret })).toThrow(EventSchemaError);
    try {
      parsePathwayEvent({ ...valid, personId: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
