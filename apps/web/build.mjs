// Bundles each page module (src/pages/<page>.ts) with what it imports (shared modules, govuk-frontend and
// MOJ's components) into dist/pages/<page>.js, one classic script per page, served by the API from its own
// origin. Type-checking is tsc's job (`tsc -b`, this folder's tsconfig); esbuild only strips the types.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
// A page is src/pages/<page>.ts; <page>-model.ts (its logic) and <page>-forms.ts (its forms as data) are imported by it.
const pages = readdirSync(join(here, 'src/pages')).filter((file) => /^[a-z]+(-[a-z]+)*\.ts$/.test(file) && !/-(model|forms)\.ts$/.test(file));

await build({
  entryPoints: pages.map((file) => join(here, 'src/pages', file)),
  outdir: join(here, 'dist/pages'),
  bundle: true,
  format: 'iife',
  target: 'es2020',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
});
