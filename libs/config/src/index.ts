/**
 * SARP's one typed configuration object.
 *
 * `process.env` is read here and nowhere else (STYLE 10): every app calls
 * {@link loadConfig} once at start-up and passes the parts it needs down.
 * A bad value stops the process with a message naming the variable, instead
 * of failing later with a confusing connection error.
 */
export { loadConfig, ConfigError, defaultJwtSecretFile } from './load-config';
export { faultPoint, FAULT_POINTS, type FaultPointName } from './fault-points';
export type {
  SarpConfig,
  TemporalConfig,
  KafkaConfig,
  DatabaseConfig,
  AuditConfig,
  ApiConfig,
  AuthConfig,
  PanelConfig,
  ReportingConfig,
  OidcConfig,
} from './load-config';
export { temporalConnectionOptions } from './connection-security';
export type { TemporalSecurity, TemporalTls, KafkaSecurity, KafkaSaslMechanism, DatabaseSecurity } from './connection-security';
export { PATHWAY_SEARCH_ATTRIBUTES } from './search-attributes';
export type { SearchAttributeDefinition } from './search-attributes';
