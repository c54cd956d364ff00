export { createApiApp } from './create-app';
export { ensureLocalSigningSecret, issueLocalToken } from './auth/local-signing-key';
export { PathwayProjector } from './projector/pathway-projector';
export { PARTITIONS_AT_ONCE, ReadModelWriter } from './projector/read-model-writer';
export type { ProjectorStats } from './projector/read-model-writer';
export { rebuildReadModel } from './projector/rebuild-read-model';
export type { RebuildReport } from './projector/rebuild-read-model';
export { buildOpenApiDocument } from './openapi/openapi-document';
export { PERMISSION_MATRIX, PUBLIC_ENDPOINTS, SIGNED_IN_ROLES } from './auth/permissions';
export type { Endpoint, SignedInRole } from './auth/permissions';
/** The request schemas and command routes, for clients and for tests that probe the edge. */
export { COMMAND_ROUTES } from './pathways/pathway-commands';
export type { CommandRoute } from './pathways/pathway-commands';
export { TASK_ROUTES, TaskIdParam } from './worklist/worklist.controller';
export { PathwayIdParam } from './pathways/pathways.controller';
export { CreateReferralRequest } from './referrals/referral-request';
export { AuditCheckpoints } from './audit/audit-checkpoints';
