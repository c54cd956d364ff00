export { createPathwayWorker } from './create-worker';
export type { PathwayWorkerHandle } from './create-worker';
