import type { FastifyReply } from 'fastify';

/**
 * The pages run only the script and styles the API itself serves: no inline
 * script, no third-party origin, no framing. A page that somehow rendered
 * untrusted markup still could not run it.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    ["connect-src 'self'", ...connectOrigins].join(' '),
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * Sets the headers of a page or asset the API serves to browsers.
 * `connectOrigins`: other origins the page's script may call (the sign-in
 * page exchanges its code at the identity provider's token endpoint).
 */
export function asWebResource(reply: FastifyReply, contentType: string, connectOrigins: readonly string[] = []): void {
  void reply
    .header('content-type', contentType)
    .header('content-security-policy', contentSecurityPolicy(connectOrigins))
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    // Small and served from memory: always revalidate, so a new release is picked up at once.
    .header('cache-control', 'no-cache');
}
