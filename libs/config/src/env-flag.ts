import { ConfigError } from './config-error';

/** A true/false setting (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`); unset is `fallback`, anything else a ConfigError. */
export function flag(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}
