/**
 * SARP's pathway domain as pure functions (STYLE 4 "Decide and evolve"):
 * `decide(command, state, context)` says which events a command causes, or
 * refuses it with a {@link DomainError}; `evolve(state, event)` folds one
 * event into the state. The workflow, the projector and the auditor's time
 * travel all use the same `evolve`, so they cannot disagree.
 *
 * Nothing here reads the clock, the environment or the network: time and the
 * actor are inputs (STYLE 5), which is what lets this code run inside a
 * deterministic Temporal workflow.
 */
export * from './errors';
export * from './pathway-state';
export * from './commands';
export { decide } from './decide';
export { evolve, foldPathway } from './evolve';
export { openCommands } from './open-commands';
export type { CaseworkCommandType } from './open-commands';
export { stampEvents } from './stamp-events';
export type { EventMetadata } from './stamp-events';
export { nextDeadline } from './deadlines';
export { mayWorkOnCase, caseTiesOf } from './need-to-know';
export type { Caller, CaseTies } from './need-to-know';
export { assessComplexity, COMPLEXITY_POLICY_VERSION } from './complexity';
export * from './accommodation';
export { nextSittingAfter, endOfSittingDay } from './panel-schedule';
export type { PanelSchedule } from './panel-schedule';
export * from './calendar';
export * from './policy';
export * from './eligibility';
export * from './subject-access';
