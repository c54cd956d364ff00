import { stopLocalStack } from '@sarp/local-stack';

export default async function globalTeardown(): Promise<void> {
  const stateDir = process.env.SARP_TEST_STACK_DIR;
  if (stateDir) await stopLocalStack(stateDir);
}
