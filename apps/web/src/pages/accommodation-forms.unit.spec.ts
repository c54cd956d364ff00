import { unitRequest } from './accommodation-forms';

describe('the unit forms', () => {
  it('names the unit in the path and sends the rest as the body', () => {
    expect(unitRequest('oak-court', 'void', { unitId: 'flat-1', reason: 'Boiler repair', expectedReturnOn: '2026-12-20' })).toEqual({
      path: '/schemes/oak-court/units/flat-1/void',
      body: { reason: 'Boiler repair', expectedReturnOn: '2026-12-20' },
    });
    expect(unitRequest('oak-court', 'add', { unitId: 'flat-9' })).toEqual({ path: '/schemes/oak-court/units', body: { unitId: 'flat-9' } });
    expect(unitRequest('oak-court', 'return', { unitId: 'flat-1' })).toEqual({ path: '/schemes/oak-court/units/flat-1/return', body: {} });
  });
});
