import { errorsFromProblem, referralBody, referralErrors } from './referral-model';

const empty = { personRef: '', referralId: '', referringAgency: '', presentingNeeds: '', urgency: '', team: '' };

describe('the referral form', () => {
  it('builds the body of POST /referrals: one need per non-empty line, empty optional fields left out', () => {
    expect(
      referralBody({
        ...empty,
        personRef: ' P-000123 ',
        referringAgency: 'nhs',
        presentingNeeds: 'Rent arrears\n\n  Needs support at home ',
        urgency: 'crisis',
      }),
    ).toEqual({
      personRef: 'P-000123',
      referringAgency: 'nhs',
      presentingNeeds: ['Rent arrears', 'Needs support at home'],
      urgency: 'crisis',
    });
    expect(referralBody({ ...empty, referralId: ' R-9 ', team: 'localities' })).toMatchObject({ referralId: 'R-9', team: 'localities' });
  });

  it('finds what the API would refuse, with the schema the API uses, one message per field in the form order', () => {
    expect(referralErrors(referralBody(empty)).map((error) => error.field)).toEqual([
      'personRef',
      'referringAgency',
      'presentingNeeds',
      'urgency',
    ]);
    const named = referralErrors(
      referralBody({ ...empty, personRef: 'Jane Smith', referringAgency: 'nhs', presentingNeeds: 'x', urgency: 'standard' }),
    );
    expect(named).toEqual([{ field: 'personRef', text: expect.stringMatching(/^Enter a person reference .*never a name/) }]);
    const fine = referralBody({ ...empty, personRef: 'P-1', referringAgency: 'self', presentingNeeds: 'Support', urgency: 'standard' });
    expect(referralErrors(fine)).toEqual([]);
    const tooMany = referralBody({
      ...empty,
      personRef: 'P-1',
      referringAgency: 'self',
      presentingNeeds: Array(21).fill('need').join('\n'),
      urgency: 'standard',
    });
    expect(referralErrors(tooMany).map((error) => error.field)).toEqual(['presentingNeeds']);
  });

  it("reads the API's own field errors the same way", () => {
    expect(
      errorsFromProblem([
        { field: 'presentingNeeds.0', message: 'Too small' },
        { field: 'urgency', message: 'Invalid option' },
      ]).map((e) => e.field),
    ).toEqual(['presentingNeeds', 'urgency']);
  });
});
