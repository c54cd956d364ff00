/** The sign-in's small pieces of logic, apart from the page so they are unit-tested. */

/** Bytes as base64url without padding (PKCE's verifier, state and challenge). */
export function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The claims of a JWT, read only to show who is signed in: the API verifies the token on every call. */
export function claimsOf(jwt: string): { sub: string; sarp_role: string } {
  const part = (jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(part + '==='.slice((part.length + 3) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (character) => character.charCodeAt(0)))) as { sub: string; sarp_role: string };
}
