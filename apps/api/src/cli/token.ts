/**
 * `npm run token -- --user <id> --role <role> [--team <team>] [--ttl 8h]`: prints a bearer
 * token for the embedded default, signed with the local secret (created on
 * first use). Real deployments get tokens from their identity provider.
 */
import { parseArgs } from 'node:util';
import { defaultJwtSecretFile, loadConfig } from '@sarp/config';
import { Role, Team } from '@sarp/events';
import { ensureLocalSigningSecret, issueLocalToken } from '../auth/local-signing-key';

const USAGE =
  'usage: npm run token -- --user <user id> --role <coordinator|assessor|panel_member|panel_chair|auditor|admin|information_governance>' +
  ` [--team <${Team.options.join('|')}>] [--ttl 8h]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { user: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, ttl: { type: 'string', default: '8h' } },
  });
  const role = Role.exclude(['system']).safeParse(values.role);
  const team = Team.optional().safeParse(values.team);
  if (!values.user || !role.success || !team.success) {
    console.error(USAGE);
    process.exit(2);
  }
  if (!/^\d+[smhd]$/.test(values.ttl)) {
    console.error(`--ttl must look like 30m, 8h or 7d\n${USAGE}`);
    process.exit(2);
  }
  const config = loadConfig();
  if (config.auth.jwksUrl) {
    console.error('SARP_JWT_JWKS_URL is set: this deployment takes tokens from its identity provider, not from npm run token');
    process.exit(2);
  }
  const secret = config.auth.jwtSecret ?? ensureLocalSigningSecret(process.env.SARP_JWT_SECRET_FILE ?? defaultJwtSecretFile(process.cwd()));
  const token = await issueLocalToken(
    { userId: values.user, role: role.data, team: team.data ?? null },
    { secret, issuer: config.auth.issuer, audience: config.auth.audience, expiresIn: values.ttl },
  );
  process.stdout.write(`${token}\n`);
}

void main();
