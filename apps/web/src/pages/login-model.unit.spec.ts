import { base64Url, claimsOf } from './login-model';

describe('sign-in helpers', () => {
  it('writes bytes as base64url without padding', () => {
    expect(base64Url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(base64Url(new Uint8Array([1]))).toBe('AQ');
  });

  it("reads a token's claims, UTF-8 included", () => {
    const payload = base64Url(new TextEncoder().encode(JSON.stringify({ sub: 'zoë', sarp_role: 'panel_member' })));
    expect(claimsOf(`header.${payload}.signature`)).toEqual({ sub: 'zoë', sarp_role: 'panel_member' });
  });
});
