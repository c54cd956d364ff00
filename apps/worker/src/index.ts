export { createPathwayWorker } from './create-worker';
export type { PathwayWorkerHandle } from './create-worker';
export { exportPathwayHistory, replayPathwayHistory, connectTemporal } from './audit/workflow-history';
export type { PathwayWorkflowExport, ReplayReport } from './audit/workflow-history';
