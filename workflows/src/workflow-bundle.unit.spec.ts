/**
 * What every cached workflow carries: Temporal's reusable sandbox evaluates a copy of each module of the workflow
 * bundle for each workflow it holds, so the bundle is kept free of zod and of SARP's schemas (issue 15: they
 * cost each cached pathway about 3 MB and its first workflow task tens of milliseconds). The domain takes only
 * plain values from @sarp/events/plain; events are checked against their schemas by the publishing activity.
 */
import { bundleWorkflowCode } from '@temporalio/worker';

let code: string;

beforeAll(async () => {
  ({ code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('@sarp/workflows'),
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  }));
}, 120_000);

/** The modules webpack put in the bundle, by their paths under the repository. */
const modulesIn = (bundle: string) => [...new Set([...bundle.matchAll(/"(\.\/[^"]+\.[cm]?js)"/g)].map((match) => match[1]!))];

it('bundles the workflows with the domain and its plain event values, but not zod or the event schemas', () => {
  const modules = modulesIn(code);
  expect(modules.some((path) => path.includes('libs/domain/dist/'))).toBe(true);
  expect(modules).toContain('./libs/events/dist/plain.js');
  expect(modules.filter((path) => path.includes('node_modules/zod/'))).toEqual([]);
  expect(modules.filter((path) => path.includes('libs/events/dist/') && !path.endsWith('/plain.js'))).toEqual([]);
});
