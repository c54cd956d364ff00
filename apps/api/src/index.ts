export { createApiApp } from './create-app';
export { ensureLocalSigningSecret, issueLocalToken } from './auth/local-signing-key';
export { PathwayProjector } from './projector/pathway-projector';
export type { ProjectorStats } from './projector/pathway-projector';
export { buildOpenApiDocument } from './openapi/openapi-document';
