import type { FastifyReply } from 'fastify';

/**
 * The pages run only the script and styles the API itself serves: no inline
 * script, no third-party origin, no framing. A page that somehow rendered
 * untrusted markup still could not run it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the headers of a page or asset the API serves to browsers. */
export function asWebResource(reply: FastifyReply, contentType: string): void {
  void reply
    .header('content-type', contentType)
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    // Small and served from memory: always revalidate, so a new release is picked up at once.
    .header('cache-control', 'no-cache');
}
