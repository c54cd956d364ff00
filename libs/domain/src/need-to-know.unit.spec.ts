import { caseTiesOf, mayWorkOnCase, type Caller, type CaseTies } from './need-to-know';
import { EMPTY_PATHWAY } from './pathway-state';

const ties: CaseTies = { team: 'localities', referredBy: 'coordinator-ann', assessorId: 'assessor-raj', cameToPanel: false };
const caller = (role: Caller['role'], userId: string, team: Caller['team'] = null): Caller => ({ role, userId, team });

describe('need-to-know: who may work on a case', () => {
  it.each([
    ['a coordinator of the holding team', caller('coordinator', 'coordinator-cy', 'localities'), true],
    ['the coordinator who referred it, whatever their team', caller('coordinator', 'coordinator-ann', 'learning_disability'), true],
    ['a coordinator of another team', caller('coordinator', 'coordinator-dee', 'learning_disability'), false],
    ['a coordinator with no team who did not refer it', caller('coordinator', 'coordinator-eve'), false],
    ['an assessor of the holding team', caller('assessor', 'assessor-sol', 'localities'), true],
    ['the assigned assessor, whatever their team', caller('assessor', 'assessor-raj', 'adult_mental_health'), true],
    ['an assessor of another team', caller('assessor', 'assessor-ola', 'adult_mental_health'), false],
    ['a panel member, before the case came to the panel', caller('panel_member', 'panel-lee', 'localities'), false],
    ['the panel chair, before the case came to the panel', caller('panel_chair', 'chair-sam'), false],
    ['an auditor', caller('auditor', 'auditor-bo'), true],
    ['an admin', caller('admin', 'admin-al', 'localities'), false],
  ])('%s: %s', (_who, who, expected) => {
    expect(mayWorkOnCase(who, ties)).toBe(expected);
  });

  it('lets the panel see the cases that came to it', () => {
    expect(mayWorkOnCase(caller('panel_member', 'panel-lee'), { ...ties, cameToPanel: true })).toBe(true);
    expect(mayWorkOnCase(caller('panel_chair', 'chair-sam'), { ...ties, cameToPanel: true })).toBe(true);
  });

  it('a team match needs a team: no team is not a team', () => {
    expect(mayWorkOnCase(caller('coordinator', 'coordinator-eve'), { ...ties, team: null })).toBe(false);
  });

  it('has no ties for a pathway that has not started', () => {
    expect(caseTiesOf(EMPTY_PATHWAY)).toBeUndefined();
  });
});
