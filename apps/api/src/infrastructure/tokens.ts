/** Injection tokens for the API's non-class dependencies. */
export const SARP_CONFIG = Symbol('SARP_CONFIG');
export const SQL = Symbol('SQL');
/** The audit trail's HMAC keys (SARP_AUDIT_KEYS): an AuditKeyring. */
export const AUDIT_KEYRING = Symbol('AUDIT_KEYRING');
