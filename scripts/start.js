#!/usr/bin/env node
/**
 * `npm start`: SARP on the embedded default, all real, no Docker.
 *
 * 1. brings up the local stack (Temporal dev server, Kafka, PostgreSQL) of
 *    the persistent "dev" profile, or uses TEMPORAL_ADDRESS / KAFKA_BROKERS /
 *    DATABASE_URL when they are set;
 * 2. creates the local token-signing secret once, migrates the database and,
 *    on the stack's own PostgreSQL, the apps' login in role sarp_app;
 * 3. runs the worker and the API as supervised child processes (one that
 *    crashes is started again, with backoff), waits until /health says every
 *    part is up, and prints where everything is; while it runs, a part of the
 *    stack that stops answering is reported with what to do;
 * 4. on Ctrl-C stops the apps and the stack (data is kept for next time;
 *    `--keep-stack` leaves the stack running).
 *
 * Plain JavaScript over the built packages: `npm start` builds first.
 */
'use strict';
const { resolve } = require('node:path');

const root = resolve(__dirname, '..');
const started = Date.now();
const keepStack = process.argv.includes('--keep-stack');
const say = (message) => console.log(`[sarp] ${message}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function main() {
  const { loadConfig, defaultJwtSecretFile, PATHWAY_SEARCH_ATTRIBUTES } = require('@sarp/config');
  const { startLocalStack, stopLocalStack, localStackStatus, watchParts } = require('@sarp/local-stack');
  const { migrateDatabase, ensureAppLogin } = require('@sarp/db');
  const { ensureLocalSigningSecret } = require('@sarp/api');

  // Fail fast on a bad setting before starting anything.
  loadConfig(process.env, root);

  const stack = await startLocalStack({ profile: 'dev', projectRoot: root, searchAttributes: [...PATHWAY_SEARCH_ATTRIBUTES] });
  const env = {
    // The embedded default signs people in at /login (a developer convenience; see README).
    SARP_LOCAL_LOGIN: 'true',
    ...process.env,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    DATABASE_URL: stack.databaseUrl,
  };
  if (!env.SARP_JWT_SECRET && !env.SARP_JWT_JWKS_URL) {
    ensureLocalSigningSecret(env.SARP_JWT_SECRET_FILE || defaultJwtSecretFile(root));
  }
  // Temporal's histories hold encrypted payloads here too, under a key of this checkout's own (kept with its data).
  if (!env.SARP_PAYLOAD_KEYS && !env.SARP_PAYLOAD_KEYS_FILE) {
    env.SARP_PAYLOAD_KEYS_FILE = ensureLocalKeys(resolve(root, '.local/data/dev/payload-keys'));
  }
  // The audit trail's links, seals and checkpoints are keyed too (docs/audit.md), with a key the database never holds.
  if (!env.SARP_AUDIT_KEYS && !env.SARP_AUDIT_KEYS_FILE) {
    env.SARP_AUDIT_KEYS_FILE = ensureLocalKeys(resolve(root, '.local/data/dev/audit-keys'));
  }
  const config = loadConfig(env, root);

  const applied = await migrateDatabase(config.database.migrationUrl ?? config.database.url);
  say(applied.length ? `database migrated: ${applied.join(', ')}` : 'database schema up to date');
  // On the stack's own PostgreSQL the worker and the API connect as a login in role sarp_app, which may only
  // insert into the event log and the access log (docs/audit.md); migrations and rebuilds keep the owner's login.
  if (!process.env.DATABASE_URL) {
    env.SARP_MIGRATION_DATABASE_URL = stack.databaseUrl;
    env.DATABASE_URL = await ensureAppLogin(stack.databaseUrl);
  }

  // The worker and the API are supervised: one that dies is started again with backoff while the rest keeps
  // running; a dead Temporal, Kafka or PostgreSQL is reported with what to do (tools/local-stack supervisor, monitor).
  const worker = runApp('worker', 'apps/worker/dist/main.js', env, /polling task queue/);
  const api = runApp('api', 'apps/api/dist/main.js', env, /listening on/);
  const children = [worker, api];
  const stopWatching = watchParts(() => localStackStatus('dev', root).then((stacks) => stacks[0]?.parts ?? []), say);
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    stopWatching();
    say('stopping...');
    await Promise.all(children.map((child) => child.stop()));
    if (!keepStack) await stopLocalStack(stack);
    say(
      keepStack ? 'apps stopped; the stack is still running (`npm run stack -- stop` stops it)' : 'stopped; data kept in .local/data/dev',
    );
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  await Promise.all([worker.ready, waitForHealthy(config.api.publicUrl)]);
  printWelcome(stack, config);
}

/**
 * A supervised child process whose output is shown with a prefix; `ready` resolves when it first prints a
 * line matching readyLine; stop() ends it for good.
 */
/** Creates a local key once (`local-1:<32 random bytes, base64>`, payload or audit); answers its file. */
function ensureLocalKeys(file) {
  const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
  const { dirname } = require('node:path');
  const { randomBytes } = require('node:crypto');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `local-1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return file;
}

function runApp(name, script, env, readyLine) {
  const { supervise } = require('@sarp/local-stack');
  let markReady;
  const ready = new Promise((resolveReady) => (markReady = resolveReady));
  const supervised = supervise({
    name,
    command: process.execPath,
    args: [resolve(root, script)],
    cwd: root,
    env,
    onLine: (line, fromStderr) => {
      // The apps prefix their own lines already; add the name only where they do not.
      (fromStderr ? process.stderr : process.stdout).write(line.startsWith(`[${name}]`) ? `${line}\n` : `[${name}] ${line}\n`);
      if (readyLine.test(line)) markReady();
    },
    report: (message) => console.error(`[sarp] ${message}`),
  });
  return { name, ready, stop: () => supervised.stop() };
}

/** Polls /health/ready until every dependency answers (the condition, not a fixed sleep); the API logs which one is down. */
async function waitForHealthy(baseUrl) {
  const deadline = Date.now() + 120_000;
  let last = 'no answer yet';
  for (let delay = 100; Date.now() < deadline; delay = Math.min(delay * 2, 1000)) {
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      const report = await response.json();
      if (response.status === 200) return;
      last = `${report.status}: the API log says which part is down`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
  throw new Error(`the API did not become healthy within 120 s (${last}); see the output above and .local/data/dev/logs/`);
}

function printWelcome(stack, config) {
  const api = config.api.publicUrl;
  console.log(`
[sarp] SARP is up (${seconds(started)}).

  API             ${api}
  OpenAPI docs    ${api}/docs
  Health          ${api}/health (live)  ${api}/health/ready (ready)
  Sign in         ${api}/login  (pick a user, role and team)
  Pages           ${api}/caseload (coordinators, assessors)  ${api}/panel (QA panel)  ${api}/dashboard (figures)  ${api}/audit (auditors)
  Temporal UI     ${stack.temporalUiUrl ?? '(external Temporal: see its own UI)'}
  Temporal        ${stack.temporalAddress}
  Kafka           ${stack.kafkaBrokers.join(',')}
  PostgreSQL      ${stack.databaseUrl}
  Logs            ${resolve(stack.stateDir, 'logs')}

  Try it (in another terminal):
    TOKEN=$(npm run --silent token -- --user ann --role coordinator --team localities)
    curl -s -X POST ${api}/referrals -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
      -d '{"personRef":"P-000123","referringAgency":"nhs","presentingNeeds":["Support after a hospital stay"],"urgency":"crisis"}'
    curl -s ${api}/pathways/<pathwayId> -H "Authorization: Bearer $TOKEN"

  Ctrl-C stops SARP; its data stays in .local/data/dev for the next start.
`);
}

main().catch((error) => {
  console.error(`[sarp] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
