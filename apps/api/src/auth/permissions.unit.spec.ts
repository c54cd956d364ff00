import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument } from '../openapi/openapi-document';
import { COMMAND_ROUTES } from '../pathways/pathway-commands';
import { TASK_ROUTES } from '../worklist/worklist.controller';
import { PERMISSION_MATRIX, READS_BY_POST, renderPermissionTable, type Endpoint } from './permissions';

describe('the permission matrix', () => {
  it('is the table in docs/permissions.md, exactly', () => {
    const doc = readFileSync(resolve(__dirname, '../../../../docs/permissions.md'), 'utf8');
    const table = /<!-- permission-matrix:start -->\n([\s\S]*?)\n<!-- permission-matrix:end -->/.exec(doc)?.[1];
    expect(table).toBe(renderPermissionTable());
  });

  it('lets no auditor change anything', () => {
    const changes = Object.entries(PERMISSION_MATRIX).filter(
      ([endpoint]) => !endpoint.startsWith('GET ') && !READS_BY_POST.includes(endpoint as Endpoint),
    );
    expect(changes.length).toBeGreaterThan(20);
    expect(changes.filter(([, roles]) => (roles as readonly string[]).includes('auditor'))).toEqual([]);
  });

  it('names every command route, and nothing the routes do not have', () => {
    const routed = [
      ...COMMAND_ROUTES.map((route) => `POST /pathways/:id/${route.action}`),
      ...TASK_ROUTES.map((route) => `POST /tasks/:id/${route.action}`),
    ].sort();
    const inMatrix = Object.keys(PERMISSION_MATRIX)
      .filter((endpoint) => /^POST \/(pathways|tasks)\/:id\//.test(endpoint))
      .sort();
    expect(inMatrix).toEqual(routed);
  });

  it('is what the OpenAPI document says of every endpoint', () => {
    const paths = buildOpenApiDocument('http://127.0.0.1:3000').paths as Record<string, Record<string, { 'x-sarp-roles'?: unknown }>>;
    const documented = Object.fromEntries(
      Object.entries(paths).flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => [
          `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
          operation['x-sarp-roles'],
        ]),
      ),
    );
    for (const [endpoint, roles] of Object.entries(PERMISSION_MATRIX))
      expect({ endpoint, roles: documented[endpoint] }).toEqual({ endpoint, roles });
  });
});
