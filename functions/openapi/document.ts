/**
 * The OpenAPI 3.1 document of this API, generated from the route table (functions/routes.ts) and
 * the JSON Schemas each route declares (functions/openapi/types.ts): one operation per route and
 * method, path and query parameters, request bodies, responses with FlexMeasures' error shapes as
 * reusable components, the token security scheme, and the documented examples.
 *
 * Pure and cheap to import: the document is built on first use (`openApiDocument()`) and kept.
 */
import {
  INTERNAL_ERROR_MESSAGE,
  MALFORMED_JSON_MESSAGE,
  FORBIDDEN_MESSAGE,
  UNAUTHORIZED_MESSAGE,
} from '../core/errors.js';
import { MAX_ATTRIBUTES_CHARS, MAX_EMAIL_LENGTH, MAX_JSON_DEPTH } from '../core/limits.js';
import { MAX_GRID_VALUES, MAX_POSTED_EVENTS } from '../core/sensor-data.js';
import { ROUTES, gatewayPath, type Route } from '../routes.js';
import {
  fieldErrors,
  forbiddenBody,
  httpErrorBody,
  unauthorizedBody,
  validationErrorBody,
} from '../../schemas/errors.js';
import { SchemaRegistry, type SchemaObject } from './schemas.js';
import type { JsonSchema, ResponseDoc, RouteExample } from './types.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The OpenAPI version the document follows. */
export const OPENAPI_VERSION = '3.1.1';
/** `info.version`: FlexMeasures' API change log version this API implements. */
export const API_VERSION = '3.0-20';
/** The name of the token security scheme in `components.securitySchemes`. */
export const SECURITY_SCHEME = 'ApiToken';

/** The methods an `ANY` route is documented with. */
const ANY_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Fallback response descriptions. */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  303: 'See Other',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  410: 'Gone',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Tags in display order, with their descriptions. */
const TAGS: { name: string; description: string }[] = [
  { name: 'Authentication', description: 'Obtain a token for the `Authorization` header.' },
  { name: 'Sensors', description: 'Sensors, their time series data (beliefs) and scheduling.' },
  { name: 'Assets', description: 'Assets (sites, buildings, batteries, …) and the sensors they hold.' },
  { name: 'Accounts', description: 'Accounts (organisations) and their audit logs.' },
  { name: 'Users', description: 'Users, their roles, password resets and audit logs.' },
  { name: 'Service', description: 'API versions, the v3_0 service listing, readiness and liveness.' },
  { name: 'Documentation', description: 'This OpenAPI document and the browsable docs page.' },
  { name: 'Sunset', description: 'API versions 1.0–2.0 were sunset: each of their paths answers 410 Gone, other paths below them 404.' },
];

const DESCRIPTION = `FlexMeasures REST API v3_0 (API change log v3.0-20), served by AWS Lambda behind API Gateway.

**Authentication.** Request a token with \`POST /api/requestAuthToken\` and send it raw (no \`Bearer \` prefix needed) in the
\`Authorization\` header. Tokens expire after 6 hours and stop working at once when the user is deactivated or their password is reset.

**Responses** are JSON with keys sorted alphabetically. Most object responses carry the numeric HTTP status under \`status\`
(FlexMeasures' flask-json behaviour); USEF-style answers carry a status string such as \`PROCESSED\` there instead.

**Errors** keep FlexMeasures' shapes: 401 \`UNAUTHORIZED\`, 403 \`INVALID_SENDER\`, 404 \`{"message": "<Kind> <id> not found"}\`,
422 with the messages per request location and field, and 500 \`{"message", "status"}\`.

**Times** are ISO 8601 datetimes with a UTC offset; durations are ISO 8601 durations in whole minutes.

**Input limits** (beyond them a clear 4xx, never a 5xx, and nothing is written): a JSON body nests at most ${MAX_JSON_DEPTH} levels
(422); \`attributes\` of a sensor or asset hold at most ${MAX_ATTRIBUTES_CHARS.toLocaleString('en')} characters of JSON (422); names
and other strings as their schemas say (\`maxLength\`); e-mail addresses at most ${MAX_EMAIL_LENGTH} characters; one
\`POST /sensors/data\` stores at most ${MAX_POSTED_EVENTS.toLocaleString('en')} events and one \`GET\` answers at most
${MAX_GRID_VALUES.toLocaleString('en')} values (422); data windows lie within the years 0000–9999 (422). A path with a malformed
percent-encoding gets API Gateway's own 400 \`{"message": "Bad Request"}\`. A store or queue that is over capacity answers 503
\`{"message", "status"}\` with \`Retry-After\`: the same request may simply be sent again.

This document is generated from the same route table and JSON Schemas that deploy and validate the endpoints.`;

/** Parses `<name>` path parameters: `<id>` and `…_id` are integers, `<uuid>` a UUID, `<proxy+>` a greedy tail. */
interface PathParameter {
  name: string;
  schema: JsonObject;
  description: string;
}

function pathParameters(path: string): PathParameter[] {
  return [...path.matchAll(/<([^>]+)>/g)].map((m): PathParameter => {
    const raw = m[1]!;
    if (raw.endsWith('+')) {
      return { name: raw.slice(0, -1), schema: { type: 'string' }, description: 'Any path below this prefix (several segments).' };
    }
    if (raw === 'id' || raw.endsWith('_id')) {
      return { name: raw, schema: { type: 'integer' }, description: 'An integer id (a non-numeric id answers 422 under `path`).' };
    }
    if (raw === 'uuid') return { name: raw, schema: { type: 'string', format: 'uuid' }, description: 'A UUID.' };
    return { name: raw, schema: { type: 'string' }, description: '' };
  });
}

/** `/api/v3_0/sensors/<id>` → `/api/v3_0/sensors/{id}`, `<proxy+>` → `{proxy}` (OpenAPI templates have no greedy form). */
export function openApiPath(path: string): string {
  return gatewayPath(path).replace(/\{([^}]+)\+\}/g, '{$1}');
}

/** The tag of a route, from its path. */
export function tagOf(path: string): string {
  const v3 = /^\/api\/v3_0(?:\/([^/]*))?/.exec(path);
  if (v3) {
    const segment = v3[1] ?? '';
    if (segment === '' || segment === 'health') return 'Service';
    if (segment === 'openapi.json' || segment === 'docs') return 'Documentation';
    return segment.charAt(0).toUpperCase() + segment.slice(1);
  }
  if (/^\/api\/v[12](_\d)?\//.test(path)) return 'Sunset';
  if (path === '/api/requestAuthToken') return 'Authentication';
  return 'Service';
}

/** The methods a route is documented with. */
export function documentedMethods(route: Route): string[] {
  return route.method === 'ANY' ? [...ANY_METHODS] : [route.method.toLowerCase()];
}

function camel(s: string): string {
  return s.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
}

/**
 * Operation ids from the handler module (`api/accounts-patch` → `accountsPatch`); where several
 * routes or methods share a handler, the method and path are appended (`sunset_get_api_v1_proxy`).
 */
export function operationIds(routes: readonly Route[]): Map<Route, Record<string, string>> {
  const perHandler = new Map<string, number>();
  for (const r of routes) perHandler.set(r.handler, (perHandler.get(r.handler) ?? 0) + documentedMethods(r).length);
  const ids = new Map<Route, Record<string, string>>();
  const seen = new Set<string>();
  for (const r of routes) {
    const base = camel(r.handler.replace(/^api\//, ''));
    const entry: Record<string, string> = {};
    for (const m of documentedMethods(r)) {
      let id = base;
      if (perHandler.get(r.handler)! > 1) {
        const slug = r.path.replace(/^\//, '').replace(/[<>+]/g, '').replace(/[^A-Za-z0-9]+/g, '_');
        id = `${base}_${r.method === 'ANY' ? `${m}_` : ''}${slug}`;
      }
      if (seen.has(id)) throw new Error(`Duplicate operationId ${id} (${r.method} ${r.path})`);
      seen.add(id);
      entry[m] = id;
    }
    ids.set(r, entry);
  }
  return ids;
}

function slug(summary: string, taken: Set<string>): string {
  const base = summary.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'example';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

function contentTypes(doc: ResponseDoc): readonly string[] {
  return doc.contentType === undefined ? ['application/json'] : typeof doc.contentType === 'string' ? [doc.contentType] : doc.contentType;
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

const ref = (kind: 'responses' | 'schemas', name: string): JsonObject => ({ $ref: `#/components/${kind}/${name}` });

/** The standard error responses, as `components.responses`. */
function standardResponses(): Record<string, JsonObject> {
  const json = (schema: JsonObject, examples: Record<string, Json>): JsonObject => ({
    'application/json': {
      schema,
      examples: Object.fromEntries(Object.entries(examples).map(([k, v]) => [k, { value: v }])),
    },
  });
  return {
    MalformedJson: {
      description: 'The request says its body is JSON, but it is not.',
      content: json(ref('schemas', 'HttpError'), { malformed: { message: MALFORMED_JSON_MESSAGE, status: 400 } }),
    },
    Unauthorized: {
      description:
        'Not authenticated: no `Authorization` header, or the token is invalid, expired or revoked, or its user is inactive.',
      content: json(ref('schemas', 'Unauthorized'), { unauthorized: { message: UNAUTHORIZED_MESSAGE, status: 'UNAUTHORIZED' } }),
    },
    Forbidden: {
      description: 'Authenticated, but not allowed to do this (`INVALID_SENDER`).',
      content: json(ref('schemas', 'Forbidden'), { forbidden: { message: FORBIDDEN_MESSAGE, result: 'Rejected', status: 'INVALID_SENDER' } }),
    },
    NotFound: {
      description: 'No entity with the id in the path (`<Kind> <id> not found`).',
      content: json(ref('schemas', 'HttpError'), { 'not-found': { message: 'Sensor 999 not found', status: 404 } }),
    },
    ValidationError: {
      description: 'Invalid arguments: the messages per request location (`json`, `query`, `path`) and field.',
      content: json(ref('schemas', 'ValidationError'), {
        'missing-field': { message: { json: { name: ['Missing data for required field.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' },
        'bad-path-id': { message: { path: { id: ['Not a valid integer.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' },
      }),
    },
    InternalError: {
      description: 'An unexpected failure (bad input never causes one); the body never carries internal details.',
      content: json(ref('schemas', 'HttpError'), { 'internal-error': { message: INTERNAL_ERROR_MESSAGE, status: 500 } }),
    },
  };
}

/** Which standard responses a route gets, by status. */
function standardFor(route: Route, hasIntParam: boolean): Record<number, string> {
  const out: Record<number, string> = {};
  if (route.body) out[400] = 'MalformedJson';
  if (!route.public) {
    out[401] = 'Unauthorized';
    out[403] = 'Forbidden';
  }
  if (hasIntParam) out[404] = 'NotFound';
  if (route.body || route.query || hasIntParam) out[422] = 'ValidationError';
  out[500] = 'InternalError';
  return out;
}

/** The examples documented on one method of a route (an `ANY` route's examples name their method). */
export function examplesFor(route: Route, method: string): readonly RouteExample[] {
  const all = route.examples ?? [];
  if (route.method !== 'ANY') return all;
  return all.filter((ex) => (ex.method ?? 'GET').toLowerCase() === method.toLowerCase());
}

function querySchemas(route: Route): readonly JsonSchema[] {
  if (!route.query) return [];
  return Array.isArray(route.query) ? (route.query as readonly JsonSchema[]) : [route.query as JsonSchema];
}

interface BuildContext {
  schemas: SchemaRegistry;
  components: Record<string, JsonObject>;
}

function responseObject(ctx: BuildContext, doc: ResponseDoc, status: number, hint: string): JsonObject {
  const out: JsonObject = { description: doc.description || REASONS[status] || `HTTP ${status}` };
  if (doc.headers) {
    out.headers = Object.fromEntries(
      Object.entries(doc.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
    );
  }
  if (doc.schema) {
    const schema = ctx.schemas.use(doc.schema, hint) as Json;
    out.content = Object.fromEntries(contentTypes(doc).map((type) => [type, { schema }]));
  }
  return out;
}

function operation(ctx: BuildContext, route: Route, method: string, operationId: string): JsonObject {
  const params = pathParameters(route.path);
  const hasIntParam = params.some((p) => p.schema.type === 'integer');
  const examples = examplesFor(route, method);
  const exampleNames = new Map<RouteExample, string>();
  const taken = new Set<string>();
  for (const ex of examples) exampleNames.set(ex, slug(ex.summary, taken));
  const examplesOf = (pick: (ex: RouteExample) => unknown): JsonObject | undefined => {
    const entries = examples
      .filter((ex) => pick(ex) !== undefined)
      .map((ex): [string, Json] => [exampleNames.get(ex)!, { summary: ex.summary, value: pick(ex) as Json }]);
    return entries.length ? Object.fromEntries(entries) : undefined;
  };

  const parameters: JsonObject[] = params.map((p) => {
    const param: JsonObject = { name: p.name, in: 'path', required: true, schema: p.schema };
    if (p.description) param.description = p.description;
    const ex = examplesOf((e) => e.params?.[p.name]);
    if (ex) param.examples = ex;
    return param;
  });
  const seenQuery = new Set<string>();
  for (const [i, schema] of querySchemas(route).entries()) {
    for (const prop of ctx.schemas.properties(schema, `${operationId}Query${i || ''}`)) {
      if (seenQuery.has(prop.name)) continue;
      seenQuery.add(prop.name);
      const propSchema = prop.schema;
      const param: JsonObject = { name: prop.name, in: 'query', required: prop.required };
      if (typeof propSchema === 'object' && typeof propSchema.description === 'string') {
        const { description, ...rest } = propSchema;
        param.description = description;
        param.schema = rest;
      } else {
        param.schema = propSchema as Json;
      }
      const ex = examplesOf((e) => e.query?.[prop.name]);
      if (ex) param.examples = ex;
      parameters.push(param);
    }
  }

  const op: JsonObject = { operationId, tags: [tagOf(route.path)] };
  if (route.description) op.summary = route.description;
  if (parameters.length) op.parameters = parameters;

  if (route.body) {
    const required = Array.isArray(route.body.required) && route.body.required.length > 0;
    const media: JsonObject = { schema: ctx.schemas.use(route.body, `${operationId}Body`) as Json };
    const ex = examplesOf((e) => e.body);
    if (ex) media.examples = ex;
    op.requestBody = { required, content: { 'application/json': media } };
  } else if (examples.some((e) => e.body !== undefined)) {
    throw new Error(`${route.method} ${route.path}: an example has a body, but the route declares no body schema`);
  }

  const responses: Record<string, JsonObject> = {};
  const standard = standardFor(route, hasIntParam);
  const declared = route.responses ?? {};
  const statuses = [...new Set([...Object.keys(standard), ...Object.keys(declared)].map(Number))].sort((a, b) => a - b);
  for (const status of statuses) {
    const doc = declared[status];
    if (doc === null) continue;
    if (doc) responses[status] = responseObject(ctx, doc, status, `${operationId}${status}`);
    else if (standard[status]) responses[status] = ref('responses', standard[status]!);
  }
  if (!Object.keys(responses).some((s) => Number(s) < 400)) {
    responses[200] = { description: 'Success (the response body is not documented yet).' };
  }
  for (const ex of examples) {
    const status = String(ex.response.status);
    let response = responses[status];
    if (!response) {
      throw new Error(`${route.method} ${route.path}: example "${ex.summary}" answers ${status}, which the route does not document`);
    }
    if (ex.response.body === undefined) continue;
    if (typeof response.$ref === 'string') {
      // A shared component cannot carry this route's example: inline a copy.
      const name = response.$ref.split('/').pop()!;
      response = responses[status] = JSON.parse(JSON.stringify(ctx.components[name])) as JsonObject;
    }
    const content = response.content as Record<string, JsonObject> | undefined;
    const type = content && Object.keys(content).find(isJsonType);
    if (!content || !type) {
      throw new Error(`${route.method} ${route.path}: example "${ex.summary}" has a JSON body, but response ${status} documents none`);
    }
    const media = content[type]!;
    media.examples = { ...((media.examples as JsonObject | undefined) ?? {}), [exampleNames.get(ex)!]: { summary: ex.summary, value: ex.response.body as Json } };
  }
  op.responses = responses;
  if (!route.public) op.security = [{ [SECURITY_SCHEME]: [] }];
  return op;
}

/** Builds the OpenAPI 3.1 document for a route table. */
export function buildOpenApiDocument(routes: readonly Route[] = ROUTES): JsonObject {
  const schemas = new SchemaRegistry();
  schemas.define('FieldErrors', fieldErrors);
  schemas.define('ValidationError', validationErrorBody);
  schemas.define('Unauthorized', unauthorizedBody);
  schemas.define('Forbidden', forbiddenBody);
  schemas.define('HttpError', httpErrorBody);
  const ctx: BuildContext = { schemas, components: standardResponses() };

  const ids = operationIds(routes);
  const paths: Record<string, JsonObject> = {};
  const usedTags = new Set<string>();
  for (const route of routes) {
    const key = openApiPath(route.path);
    const item = (paths[key] ??= {});
    for (const method of documentedMethods(route)) {
      if (item[method]) throw new Error(`${method.toUpperCase()} ${route.path} is in the route table twice`);
      item[method] = operation(ctx, route, method, ids.get(route)![method]!);
      usedTags.add(tagOf(route.path));
    }
  }
  const known = TAGS.filter((t) => usedTags.has(t.name));
  const other = [...usedTags].filter((t) => !TAGS.some((k) => k.name === t)).sort().map((name) => ({ name }));

  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'FlexMeasures API',
      version: API_VERSION,
      description: DESCRIPTION,
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'This deployment' }],
    tags: [...known, ...other] as Json,
    paths,
    components: {
      schemas: schemas.toJson() as Json,
      responses: ctx.components,
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'The token from `POST /api/requestAuthToken`, as is (`Bearer <token>` is accepted too).',
        },
      },
    },
  };
}

let cached: JsonObject | null = null;

/** The document of this API's route table (built once per process). */
export function openApiDocument(): JsonObject {
  return (cached ??= buildOpenApiDocument(ROUTES));
}
