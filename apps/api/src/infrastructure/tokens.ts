/** Injection tokens for the API's non-class dependencies. */
export const SARP_CONFIG = Symbol('SARP_CONFIG');
export const SQL = Symbol('SQL');
