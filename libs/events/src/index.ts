/**
 * The contracts of SARP's domain events: one zod schema per event type and
 * schema version, the envelope every event travels in, and the one parser
 * both ends use (the publishing activity and the projector).
 *
 * Types are derived from the schemas (`z.infer`), so the contract and the
 * code cannot drift apart.
 */
export * from './plain';
export * from './vocabulary';
export * from './envelope';
export * from './pathway-events';
export * from './accommodation-events';
export { parseCatalogueEvent } from './parse';
export { parsePathwayEvent, EventSchemaError } from './parse';
export { CommandRefusedV1 } from './refused-command';
export type { CommandRefused } from './refused-command';
export * from './subject-access-events';
export * from './referral-request';
