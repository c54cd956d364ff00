import { decisionBody, describeDecision, type DecisionFormValues } from './panel-model';

const values = (overrides: Partial<DecisionFormValues>): DecisionFormValues => ({
  decision: 'approved',
  model: 'intensive',
  packageHours: '40',
  weeklyFunding: '1400',
  fundingStream: 'council',
  conditions: ' Weekly check-in \n\n',
  reason: '',
  informationRequested: '',
  dueBy: '',
  ...overrides,
});

describe('panel decisions', () => {
  it('sends only the chosen decision, with numbers and one condition a line', () => {
    expect(decisionBody(values({}))).toEqual({
      decision: 'approved',
      model: 'intensive',
      packageHours: 40,
      weeklyFunding: 1400,
      fundingStream: 'council',
      conditions: ['Weekly check-in'],
    });
    expect(decisionBody(values({ decision: 'deferred', reason: ' Needs a risk review ' }))).toEqual({ decision: 'deferred', reason: 'Needs a risk review' });
    expect(decisionBody(values({ decision: 'approved', packageHours: '' }))).toMatchObject({ packageHours: null });
  });

  it('says a decision in words', () => {
    expect(describeDecision(decisionBody(values({})))).toBe('Approve: intensive placement, 40 hours of support a week, £1,400.00 a week; conditions: Weekly check-in');
    expect(describeDecision({ decision: 'rejected', reason: 'Not eligible' })).toBe('Reject: Not eligible');
    expect(describeDecision(null)).toBe('nothing');
  });
});
