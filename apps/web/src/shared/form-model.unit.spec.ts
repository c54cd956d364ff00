import { ACTION_FORMS } from '../pages/pathway-forms';
import { bodyOf, controlId, errorsOnFields, type ActionForm, type RawValue } from './form-model';

const formFor = (action: string): ActionForm => {
  const form = ACTION_FORMS.find((candidate) => candidate.action === action);
  if (!form) throw new Error(`no form for ${action}`);
  return form;
};
const reader = (values: Record<string, RawValue>) => (name: string) => values[name] ?? null;
const noPathway = { approvedModel: null, offerId: null };

describe('the pathway page forms', () => {
  it('has one form per action, each field named once', () => {
    const actions = ACTION_FORMS.map((form) => form.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const form of ACTION_FORMS) expect(new Set(form.fields.map((field) => field.name)).size).toBe(form.fields.length);
  });

  it('nests dotted names, sends numbers, lists and yes/no as the API takes them', () => {
    const { body, errors } = bodyOf(
      formFor('assessment'),
      reader({
        needs: 'Medication support\n\n  Budgeting  ',
        'risk.level': 'medium',
        'risk.summary': 'Self-neglect when unwell',
        'risk.positiveRiskTaking': '',
        'eligibility.outcome': 'eligible',
        'eligibility.criteriaSet': 'care-act-2014',
        'eligibility.criteriaVersion': '2015',
        'supportPlan.wellbeing': 'a',
        'supportPlan.satisfactionWithHome': 'b',
        'supportPlan.communityConnections': 'c',
        'supportPlan.aspirations': 'd',
        'supportPlan.strengths': 'e',
        careBundles: '',
        requestedModel: 'transitional',
        requestedPackageHours: '10',
        requestedWeeklyFunding: '400.50',
        copyGivenToPerson: 'yes',
        team: '',
      }),
      noPathway,
    );
    expect(errors).toEqual([]);
    expect(body).toEqual({
      needs: ['Medication support', 'Budgeting'],
      risk: { level: 'medium', summary: 'Self-neglect when unwell', positiveRiskTaking: null },
      eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
      supportPlan: { wellbeing: 'a', satisfactionWithHome: 'b', communityConnections: 'c', aspirations: 'd', strengths: 'e' },
      careBundles: [],
      requestedModel: 'transitional',
      requestedPackageHours: 10,
      requestedWeeklyFunding: 400.5,
      copyGivenToPerson: true,
    });
  });

  it('says what is missing or not a number, and sends pounds as pence', () => {
    expect(bodyOf(formFor('funds'), reader({ fund: 'emergency_living_fund', amountPence: '12,50', accessedOn: '' }), noPathway).errors).toEqual([
      { field: 'amountPence', text: 'Enter the amount, in pounds as a number, like 12 or 12.50' },
      { field: 'accessedOn', text: 'Enter awarded on' },
    ]);
    expect(bodyOf(formFor('funds'), reader({ fund: 'emergency_living_fund', amountPence: '12.5', accessedOn: '2026-12-01' }), noPathway).body).toEqual({
      fund: 'emergency_living_fund',
      amountPence: 1250,
      accessedOn: '2026-12-01',
    });
  });

  it('takes the offer and the approved model from the pathway, and a unit as scheme and unit', () => {
    const pathway = { approvedModel: 'transitional', offerId: 'offer-7' };
    expect(bodyOf(formFor('offers'), reader({ unit: 'riverside/r-2' }), pathway).body).toEqual({ model: 'transitional', unit: { schemeId: 'riverside', unitId: 'r-2' } });
    expect(bodyOf(formFor('placement'), reader({}), pathway).body).toEqual({ offerId: 'offer-7' });
    expect(bodyOf(formFor('placement'), reader({}), noPathway).errors).toEqual([{ field: 'offerId', text: 'There is no accepted offer yet' }]);
  });

  it("puts the API's field errors on the field they name, the rest on the form", () => {
    expect(
      errorsOnFields(formFor('assessment'), [
        { field: 'needs.0', message: 'Too small' },
        { field: 'risk.level', message: 'Invalid option' },
        { field: '(body)', message: 'unknown field(s): x' },
      ]),
    ).toEqual([
      { field: 'needs', text: 'Needs: Too small' },
      { field: 'risk.level', text: 'Risk level: Invalid option' },
      { text: '(body): unknown field(s): x' },
    ]);
    expect(controlId('assessment', 'risk.level')).toBe('assessment--risk-level');
  });
});
