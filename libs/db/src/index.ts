/**
 * PostgreSQL for SARP's read side: the connection, the schema migrations
 * (node-pg-migrate, SQL files in ../migrations) and the read model, which is
 * written only by the projector and read by the API.
 */
export { createSql } from './connection';
export type { Sql, TransactionSql } from './connection';
export { migrateDatabase, MIGRATIONS_DIR } from './migrate';
export { ensureAppLogin, withLogin, LOCAL_APP_LOGIN } from './app-login';
export { projectPathwayEvent, projectPathwayEvents, recordDeadLetter, ProjectionConflictError } from './projection';
export type { EventToProject, KafkaPosition, ProjectionOutcome } from './projection';
export { projectedSequence } from './queries';
export { PROJECTED_CHANNEL, pathwaysInNotice } from './projection-notices';
export { findCaseTies, caseScopeCondition } from './queries';
export { findPathway, findPathwayTimeline, findPathwayDeadlines, findPathwayEscalations, listPathways } from './queries';
export type { PathwayView, PathwaySummary, PathwayListItem, PathwayFilter, TimelineEntry, DeadlineView, EscalationView } from './queries';
export { summarizeEvent } from './summaries';
export { findPlanVersions, findPathwayState } from './plan-versions';
export type { PlanVersionView } from './plan-versions';
export { listPanelTasks, findPanelTask, panelTaskView } from './panel-tasks';
export { evolvePanelTasks, foldPanelTasks, NO_PANEL_TASKS } from './panel-task-fold';
export { deadlineChangeOf, foldDeadlines } from './deadline-fold';
export type { DeadlineChange, DeadlineRecord } from './deadline-fold';
export type { PanelTaskRecord, PanelTaskComment, PathwayPanelTasks } from './panel-task-fold';
export type { PanelTaskView, WorklistFilter } from './panel-tasks';
export { projectRefusedCommand, findRefusedAttempts, findRefusedCatalogueCommands, catalogueCommandName } from './refused-attempts';
export type { RefusedAttemptView } from './refused-attempts';
export { pathwayEventHistory, personEventHistory, pathwayEventsUpTo, panelPathwayEventsUpTo, verifyPathwayChain } from './audit';
export { safeguardingReferrals, consentsOfPerson, pathwaysOfPerson, openPathwaysOfPerson } from './audit';
export type { ConsentRecord } from './audit';
export type { AuditedEvent, ChainVerification, CheckpointedHead, SafeguardingReferralView } from './audit';
export { AuditKeyring, UNKEYED, canonicalJson, accessSealText, chainLink } from './tamper-evidence';
export type { AuditKey } from './tamper-evidence';
export { recordAccess, recordAccesses, recordListingReads, accessLogForPerson, sealedAccessRows } from './access-log';
export type { AccessRecord, AccessLogEntry, SealedAccessRow } from './access-log';
export {
  READ_MODEL_TABLES,
  NOT_DERIVED_TABLES,
  readModelDigest,
  differingTables,
  projectorPositions,
  holdLiveReadModel,
  swapReadModel,
} from './read-model';
export type { ReadModelDigest, TableDigest } from './read-model';
export { FIGURES, findFigure, renderFigureDefinitions, toCsv } from './reports';
export { FIGURE_FACT_TABLES } from './figure-facts';
export type { Figure, ReportFilter, ReportSettings } from './reports';
export {
  executeCatalogueCommand,
  listSchemes,
  findSchemeState,
  catalogueEvents,
  currentUnitHoldings,
  unitHoldingsAsOf,
  waitingListEntries,
  recordWaitingListEntry,
  rankedWaitingList,
  offerOrderFor,
  caseTiesOfPathways,
  SchemeNotFoundError,
  tenancyTypeOfScheme,
} from './accommodation';
export type { CatalogueCommandMeta, CatalogueCommandResult, WaitingListRow } from './accommodation';
export { listServiceFeedback, recordServiceFeedback } from './service-feedback';
export type { ServiceFeedback } from './service-feedback';
export { listSubjectAccessRequests, recordSubjectAccessEvents, subjectAccessEvents } from './subject-access';
export type { SubjectAccessRequestView } from './subject-access';
