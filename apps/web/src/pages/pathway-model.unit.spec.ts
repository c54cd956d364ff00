import { waitingListNote } from './pathway-model';

const entry = (position: number, pathwayId: string | null, holdsOffer = false) => ({ position, pathwayId, holdsOffer, why: [`reason ${position}`] });

describe("the offer form's waiting-list note", () => {
  it('says the place and that an offer is in list order when nobody waits ahead without an offer', () => {
    expect(waitingListNote([entry(1, null, true), entry(2, 'p-1')], 'p-1', 'transitional', '1')).toBe(
      'Number 2 of 2 on the transitional waiting list (priority rule 1: reason 2). Nobody waiting ahead of them: an offer now is in list order.',
    );
  });

  it('counts those ahead without an offer, whoever they are', () => {
    expect(waitingListNote([entry(1, null), entry(2, 'p-other'), entry(3, 'p-1')], 'p-1', 'intensive', '1')).toMatch(
      /Number 3 of 3 .* 2 people wait ahead without an offer: an offer now needs a reason/,
    );
  });

  it('says so when the person is not on the list', () => {
    expect(waitingListNote([entry(1, null)], 'p-1', 'independent', '1')).toBe('This person is not on the independent waiting list.');
  });
});
