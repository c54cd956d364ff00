/**
 * Activities: the pathway workflow's only way to touch the outside world.
 * Built by a factory over their dependencies (STYLE 3), so the worker passes
 * real Kafka and tests can pass what they need; the workflow proxies
 * `PathwayActivities` by type only.
 */
export { createActivities } from './create-activities';
export type { PathwayActivities, ActivityDependencies } from './create-activities';
