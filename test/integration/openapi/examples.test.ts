/**
 * Every documented example, sent through the local runtime: the answer has the documented status,
 * a documented content type, and a body that matches the documented response schema of the
 * document the runtime serves at /api/v3_0/openapi.json.
 *
 * It also keeps the route table honest: while a successful example runs, every schema the handler
 * validates with must be one the route declares (`body` for the JSON body, `query` otherwise, or a
 * part of one), so the document cannot drift from the handlers.
 *
 * The examples run in route-table order against one docs/contract/api.md §12.0 world (accounts, users, assets, sensors,
 * scheduling fixtures); an example that changes data should use entities no later example relies on.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { AnySchema } from 'ajv';
import { documentedMethods, examplesFor } from '../../../functions/openapi/document.js';
import type { JsonSchema, RouteExample } from '../../../functions/openapi/types.js';
import { observeValidation } from '../../../functions/http/validation.js';
import type { Location } from '../../../functions/core/errors.js';
import { ROUTES, type Route } from '../../../functions/routes.js';
import { api, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, type World } from '../../helpers/world.js';
import { buildAssetsWorld } from '../../helpers/assets-world.js';
import { DocumentValidator, responseOf } from '../../helpers/openapi.js';

useRuntime();
let world: World;
let doc: Record<string, any>;
let check: DocumentValidator;
const validated: { schema: AnySchema; location: Location }[] = [];

beforeAll(async () => {
  world = await buildWorld();
  await buildAssetsWorld(world, { scheduling: true });
  const res = await api('GET', '/api/v3_0/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
  check = new DocumentValidator(doc);
  observeValidation((schema, location) => validated.push({ schema, location }));
});

afterAll(() => {
  observeValidation(null);
});

/** The request path of an example: `<name>` and `<name+>` filled in from its params. */
function pathOf(route: Route, example: RouteExample): string {
  return route.path.replace(/<([^>]+?)(\+?)>/g, (_, name: string, greedy: string) => {
    const value = example.params?.[name];
    if (value === undefined) throw new Error(`Example "${example.summary}" of ${route.path} gives no value for <${name}${greedy}>`);
    return greedy ? String(value).split('/').map(encodeURIComponent).join('/') : encodeURIComponent(String(value));
  });
}

/** Whether `part` is `schema` itself or an object somewhere inside it. */
function within(schema: unknown, part: unknown, seen = new Set<unknown>()): boolean {
  if (schema === part) return true;
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return false;
  seen.add(schema);
  return Object.values(schema).some((v) => within(v, part, seen));
}

function declaredFor(route: Route, location: Location): JsonSchema[] {
  if (location === 'json') return route.body ? [route.body] : [];
  if (!route.query) return [];
  return Array.isArray(route.query) ? [...(route.query as JsonSchema[])] : [route.query as JsonSchema];
}

const cases = ROUTES.flatMap((route) =>
  documentedMethods(route).flatMap((method) =>
    examplesFor(route, method).map((example) => [`${method.toUpperCase()} ${route.path}: ${example.summary}`, { route, method, example }] as const),
  ),
);

describe('documented examples through the local runtime', () => {
  it('cover the documented routes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(ROUTES.filter((r) => r.examples?.length).length);
  });

  it.each(cases)('%s', async (_, { route, method, example }) => {
    validated.length = 0;
    const token = example.as ? await world.token(example.as) : undefined;
    const res = await api(method.toUpperCase(), pathOf(route, example), {
      token,
      query: example.query as Record<string, string | number | boolean> | undefined,
      body: example.body,
    });
    // The body is part of the comparison only so that a failure shows it.
    expect({ status: res.status, body: res.body }).toMatchObject({ status: example.response.status });

    const documented = responseOf(doc, route, method, res.status);
    expect(documented).toBeDefined();
    const types = Object.keys(documented!.content ?? {});
    if (types.length === 0) {
      expect(res.body).toBeUndefined();
    } else {
      const type = (res.headers['content-type'] ?? '').split(';')[0]!.trim();
      expect(types).toContain(type);
      const schema = documented!.content![type]!.schema;
      if (type === 'application/json') expect(check.errors(schema, res.body)).toEqual([]);
      else expect(typeof res.body).toBe('string');
    }

    if (res.status < 400) {
      for (const { schema, location } of validated) {
        const declared = declaredFor(route, location);
        const what = `the handler validated a ${location} schema with properties [${Object.keys((schema as { properties?: object }).properties ?? {})}]`;
        expect([what, declared.some((d) => within(d, schema)) ? 'declared on the route' : 'NOT declared on the route']).toEqual([what, 'declared on the route']);
      }
    }
  });
});
