/**
 * `npm run stack -- <command> [--profile dev|test] [--json]`
 *
 *   start   start (or reuse) the stack and leave it running in the background
 *   stop    stop it (test: every recorded test stack, e.g. leftovers of a killed run)
 *   status  each part: up/down, pid, port, log file (exit code 1 if any part is down)
 *   env     print `export` lines for the apps' variables (eval "$(npm run -s stack env)")
 */
import { PATHWAY_SEARCH_ATTRIBUTES } from '@sarp/config';
import { relative } from 'node:path';
import { localStackStatus, startLocalStack, stackEnv, stopLocalStack, type LocalStack, type StackProfile, type StackStatus } from './index';
import { findProjectRoot } from './state';

const USAGE = 'usage: cli.js start|stop|status|env [--profile dev|test] [--json]';

interface Args {
  command: string;
  profile: StackProfile;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  let command: string | undefined;
  let profile: StackProfile = 'dev';
  let json = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--profile' || arg.startsWith('--profile=')) {
      const value = arg.includes('=') ? arg.slice('--profile='.length) : argv[(i += 1)];
      if (value !== 'dev' && value !== 'test') throw new UsageError(`--profile must be dev or test, got "${value ?? ''}"`);
      profile = value;
    } else if (!command && !arg.startsWith('-')) command = arg;
    else throw new UsageError(`unknown argument "${arg}"`);
  }
  if (!command) throw new UsageError('no command given');
  return { command, profile, json };
}

class UsageError extends Error {}

async function start(args: Args): Promise<void> {
  const stack = await startLocalStack({
    profile: args.profile,
    env: process.env,
    searchAttributes: [...PATHWAY_SEARCH_ATTRIBUTES],
    // From the CLI the stack always outlives the command, also for --profile test.
    detach: true,
  });
  if (args.json) {
    console.log(JSON.stringify(stack, null, 2));
    return;
  }
  printStack(stack);
}

function printStack(stack: LocalStack): void {
  const inProject = relative(findProjectRoot(), stack.stateDir);
  const where = inProject && !inProject.startsWith('..') ? inProject : stack.stateDir;
  console.log(`\nSARP local stack (${stack.profile}), state in ${where}`);
  console.log(`  Temporal    ${stack.temporalAddress}${stack.temporalUiUrl ? `   Web UI ${stack.temporalUiUrl}` : ''}`);
  console.log(`  Kafka       ${stack.kafkaBrokers.join(',')}`);
  console.log(`  PostgreSQL  ${withoutPassword(stack.databaseUrl)}`);
  console.log(`\nStop it with: npm run stack -- stop${profileFlag(stack)}`);
}

/** An external DATABASE_URL may carry a password: never print it. */
function withoutPassword(address: string): string {
  try {
    const url = new URL(address);
    if (!url.password) return address;
    url.password = '***';
    return url.toString();
  } catch {
    return address; // host:port, not a URL
  }
}

function profileFlag(of: { profile: StackProfile }): string {
  return of.profile === 'test' ? ' --profile test' : '';
}

/**
 * Stops the recorded stack(s) of the profile. A test stack whose owner (a
 * running test setup) is alive is left alone: it is in use, and its owner
 * stops it. Leftovers of killed runs and CLI-started test stacks are stopped.
 */
async function stop(args: Args): Promise<void> {
  const stacks = await localStackStatus(args.profile);
  if (stacks.length === 0) console.log(`No ${args.profile} stack is recorded.`);
  for (const stack of stacks) {
    if (stack.owner?.alive && stack.owner.pid !== process.pid) {
      console.log(`Leaving ${stack.stateDir} alone: it belongs to a running process (pid ${stack.owner.pid}).`);
      continue;
    }
    await stopLocalStack(stack.stateDir);
  }
}

async function status(args: Args): Promise<void> {
  const stacks = await localStackStatus(args.profile);
  if (args.json) console.log(JSON.stringify(stacks, null, 2));
  else if (stacks.length === 0)
    console.log(`No ${args.profile} stack is recorded (start it with: npm run stack -- start${profileFlag(args)}).`);
  else stacks.forEach(printStatus);
  const allUp = stacks.length > 0 && stacks.every((stack) => stack.parts.length === 3 && stack.parts.every((part) => part.running));
  process.exitCode = allUp ? 0 : 1;
}

function printStatus(stack: StackStatus): void {
  const owner = stack.owner ? `, owned by pid ${stack.owner.pid}${stack.owner.alive ? '' : ' (gone)'}` : '';
  console.log(`${stack.profile} stack in ${stack.stateDir} (started ${stack.startedAt}${owner})`);
  for (const part of stack.parts) {
    const address = withoutPassword(part.address);
    const where = part.external ? `external ${address}` : `pid ${part.pid ?? '-'}  port ${part.port ?? '-'}  ${address}`;
    console.log(`  ${part.name.padEnd(9)} ${part.running ? 'up  ' : 'DOWN'}  ${where}${part.logFile ? `  log ${part.logFile}` : ''}`);
  }
}

async function printEnv(args: Args): Promise<void> {
  const running = (await localStackStatus(args.profile)).find((stack) => stack.parts.every((part) => part.running));
  if (!running) throw new Error(`no running ${args.profile} stack; start it with: npm run stack -- start${profileFlag(args)}`);
  const address = (name: string): string => running.parts.find((part) => part.name === name)?.address ?? '';
  const env = stackEnv({
    profile: running.profile,
    stateDir: running.stateDir,
    temporalAddress: address('temporal'),
    kafkaBrokers: address('kafka').split(','),
    databaseUrl: address('postgres'),
  });
  for (const [key, value] of Object.entries(env)) console.log(`export ${key}='${value}'`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const commands: Record<string, (args: Args) => Promise<void>> = { start, stop, status, env: printEnv };
  const command = commands[args.command];
  if (!command) throw new UsageError(`unknown command "${args.command}"`);
  await command(args);
}

main().then(
  // Exit explicitly: the started parts are detached and unref'd, and no client handle may keep the CLI alive.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
    else console.error(`local-stack: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
