/** The API process: commands in, read model out, and the projector in between. */
import { loadConfig } from '@sarp/config';
import { createApiApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen({ host: config.api.host, port: config.api.port });
  console.log(`[api] listening on ${config.api.publicUrl} (OpenAPI at ${config.api.publicUrl}/docs)`);
}

main().catch((error: unknown) => {
  console.error('[api] stopped:', error instanceof Error ? error.message : error);
  process.exit(1);
});
