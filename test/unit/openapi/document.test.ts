/**
 * The generated OpenAPI document: valid OpenAPI 3.1, every route-table entry present with its
 * methods and parameters, schemas translated from our validation dialect, references that resolve,
 * error components that match what functions/core/errors.ts renders, and documented examples that
 * match their own schemas.
 */
import { describe, it, expect } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import {
  buildOpenApiDocument,
  documentedMethods,
  examplesFor,
  openApiDocument,
  openApiPath,
  operationIds,
  tagOf,
} from '../../../functions/openapi/document.js';
import type { JsonSchema } from '../../../functions/openapi/types.js';
import { ROUTES, type Route } from '../../../functions/routes.js';
import {
  ForbiddenError,
  HttpError,
  MalformedJsonError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../../functions/core/errors.js';
import { DocumentValidator, operationOf, responseOf } from '../../helpers/openapi.js';

type Doc = Record<string, any>;

const doc = openApiDocument() as Doc;
const check = new DocumentValidator(doc);

function querySchemas(route: Route): JsonSchema[] {
  if (!route.query) return [];
  return Array.isArray(route.query) ? [...(route.query as JsonSchema[])] : [route.query as JsonSchema];
}

/** Every value of a key anywhere in a JSON value. */
function collect(value: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => collect(v, key, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key) out.push(v);
      collect(v, key, out);
    }
  }
  return out;
}

function resolvePointer(root: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined), root);
}

async function validate(document: unknown) {
  const validator = new Validator();
  return validator.validate(document as Record<string, unknown>);
}

describe('the OpenAPI document of the route table', () => {
  it('is valid OpenAPI 3.1', async () => {
    const result = await validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'FlexMeasures API', version: '3.0-20' });
    expect(doc.servers).toEqual([{ url: '/', description: 'This deployment' }]);
  });

  it('has every route-table entry with its method(s), path parameters, query parameters and body', () => {
    let operations = 0;
    for (const route of ROUTES) {
      const item = doc.paths[openApiPath(route.path)];
      expect(item).toBeDefined();
      const methods = route.method === 'ANY' ? ['get', 'post', 'put', 'patch', 'delete'] : [route.method.toLowerCase()];
      expect(documentedMethods(route)).toEqual(methods);
      for (const method of methods) {
        const op = operationOf(doc, route, method);
        operations++;
        const params: { name: string; in: string; required: boolean; schema: any }[] = op.parameters ?? [];
        const pathNames = [...route.path.matchAll(/<([^>+]+)\+?>/g)].map((m) => m[1]);
        expect(params.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathNames);
        for (const p of params.filter((x) => x.in === 'path')) {
          expect(p.required).toBe(true);
          expect(p.schema.type).toBe(p.name === 'id' ? 'integer' : 'string');
        }
        const queryNames = [...new Set(querySchemas(route).flatMap((s) => Object.keys((s.properties as object | undefined) ?? {})))];
        expect(params.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(queryNames);
        for (const schema of querySchemas(route)) {
          for (const name of (schema.required as string[] | undefined) ?? []) {
            expect(params.find((p) => p.in === 'query' && p.name === name)?.required).toBe(true);
          }
        }
        expect(op.requestBody !== undefined).toBe(route.body !== undefined);
        if (route.public) expect(op.security).toBeUndefined();
        else expect(op.security).toEqual([{ ApiToken: [] }]);
        expect(op.tags).toEqual([tagOf(route.path)]);
        if (route.description) expect(op.summary).toBe(route.description);
        expect(Object.keys(op.responses).some((s) => Number(s) < 400)).toBe(true);
      }
    }
    const documented = Object.values(doc.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(documented).toBe(operations);
  });

  it('gives every operation a unique operationId', () => {
    const ids = collect(doc.paths, 'operationId');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe([...operationIds(ROUTES).values()].reduce((n, m) => n + Object.keys(m).length, 0));
  });

  it('adds the standard errors by route shape: 401/403 when protected, 404 for ids, 422 and 400 for validated input, 500 always', () => {
    for (const route of ROUTES) {
      for (const method of documentedMethods(route)) {
        const responses = operationOf(doc, route, method).responses as Record<string, { $ref?: string }>;
        const overridden = (status: number) => route.responses !== undefined && status in route.responses;
        const expectRef = (status: number, name: string, when: boolean) => {
          if (overridden(status)) return;
          if (when) expect(responses[status]?.$ref ?? `inline ${name}`).toMatch(new RegExp(`(#/components/responses/${name}|inline ${name})$`));
          else expect(responses[status]).toBeUndefined();
        };
        expectRef(401, 'Unauthorized', !route.public);
        expectRef(403, 'Forbidden', !route.public);
        expectRef(404, 'NotFound', /<id>/.test(route.path));
        expectRef(422, 'ValidationError', !!(route.body || route.query || /<id>/.test(route.path)));
        expectRef(400, 'MalformedJson', !!route.body);
        expectRef(500, 'InternalError', true);
        if (route.responses) {
          for (const [status, declared] of Object.entries(route.responses)) {
            if (declared === null) expect(responses[status]).toBeUndefined();
            else expect(responses[status]).toBeDefined();
          }
        }
      }
    }
  });

  it('declares the token security scheme in the Authorization header', () => {
    expect(doc.components.securitySchemes.ApiToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
  });

  it('resolves every $ref inside the document', () => {
    const refs = collect(doc, '$ref') as string[];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith('#/')).toBe(true);
      expect([ref, resolvePointer(doc, ref) !== undefined]).toEqual([ref, true]);
    }
  });

  it('carries none of our validation-only keywords', () => {
    for (const key of ['x-format', 'x-messages', 'x-description', '$schema', '$id']) expect(collect(doc, key)).toEqual([]);
  });

  it('lists only tags that are used, each used tag once', () => {
    const used = new Set(collect(doc.paths, 'tags').flat());
    expect(new Set(doc.tags.map((t: { name: string }) => t.name))).toEqual(used);
    expect(doc.tags).toHaveLength(used.size);
  });
});

describe('error components match what the HTTP layer renders', () => {
  const componentSchema = (name: string, type = 'application/json') => doc.components.responses[name].content[type].schema;
  const cases: [string, object][] = [
    ['ValidationError', new ValidationError('json', { name: ['Missing data for required field.'], 'soc-targets': { '0': { _schema: ['x'] } } }).body()],
    ['ValidationError', ValidationError.field('path', 'id', 'Not a valid integer.').body()],
    ['Unauthorized', new UnauthorizedError().body()],
    ['Forbidden', new ForbiddenError('whatever').body()],
    ['NotFound', new NotFoundError('Sensor', 999).body()],
    ['MalformedJson', new MalformedJsonError().body()],
    ['InternalError', new HttpError(500, 'boom').body()],
  ];
  it.each(cases)('%s', (name, body) => {
    expect(check.errors(componentSchema(name), body)).toEqual([]);
  });

  it('rejects bodies of the wrong shape', () => {
    expect(check.errors(componentSchema('Forbidden'), new UnauthorizedError().body())).not.toEqual([]);
    // No API Gateway 401 body any more: a request without Authorization gets FlexMeasures' 401 too.
    expect(check.errors(componentSchema('Unauthorized'), { message: 'Unauthorized' })).not.toEqual([]);
    expect(check.errors(componentSchema('ValidationError'), { message: {}, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' })).not.toEqual([]);
  });

  it('documents each standard response with examples that match its schema', () => {
    for (const [name, response] of Object.entries(doc.components.responses as Record<string, any>)) {
      const media = response.content['application/json'];
      for (const [key, example] of Object.entries(media.examples as Record<string, { value: unknown }>)) {
        expect([name, key, check.errors(media.schema, example.value)]).toEqual([name, key, []]);
      }
    }
  });
});

describe('documented examples', () => {
  const cases = ROUTES.flatMap((route) =>
    documentedMethods(route).flatMap((method) => examplesFor(route, method).map((example) => ({ route, method, example }))),
  );

  it('exist for some routes', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [`${c.method.toUpperCase()} ${c.route.path}: ${c.example.summary}`, c] as const))(
    '%s: the documented response body matches the documented schema, and the example is in the document',
    (_, { route, method, example }) => {
      const response = responseOf(doc, route, method, example.response.status);
      expect(response).toBeDefined();
      if (example.response.body !== undefined) {
        const media = response!.content?.['application/json'];
        expect(media?.schema).toBeDefined();
        expect(check.errors(media!.schema, example.response.body)).toEqual([]);
        expect(Object.values(media!.examples ?? {}).map((e) => e.value)).toContainEqual(example.response.body);
      }
      if (example.body !== undefined) {
        const media = operationOf(doc, route, method).requestBody.content['application/json'];
        expect(Object.values(media.examples as Record<string, { value: unknown }>).map((e) => e.value)).toContainEqual(example.body);
      }
      for (const [name, value] of Object.entries({ ...example.params, ...example.query })) {
        const param = (operationOf(doc, route, method).parameters as { name: string; examples?: Record<string, { value: unknown }> }[]).find(
          (p) => p.name === name,
        );
        expect([name, Object.values(param?.examples ?? {}).map((e) => e.value)]).toEqual([name, expect.arrayContaining([value])]);
      }
    },
  );
});

describe('the generator on a made-up route table', () => {
  const defs = {
    title: 'Thing body',
    type: 'object',
    additionalProperties: false,
    required: ['start', 'parts'],
    properties: {
      start: { type: 'string', 'x-format': 'aware-datetime', 'x-messages': { 'x-format': 'Not a valid aware datetime.' } },
      step: { type: 'string', 'x-format': 'duration', description: 'The step.' },
      label: { type: 'string', 'x-description': 'a free text' },
      end: { 'x-format': 'aware-datetime', 'x-description': 'ISO 8601 datetime with an offset' },
      parts: { type: 'array', items: { $ref: '#/$defs/part' } },
    },
    $defs: { part: { type: 'object', properties: { next: { $ref: '#/$defs/part' }, n: { type: 'integer' } } } },
  } as const;
  const shared = { title: 'Shared', type: 'object', properties: { a: { type: 'integer' } } } as const;
  const query = {
    type: 'object',
    required: ['when'],
    properties: { when: { type: 'string', 'x-format': 'aware-datetime' }, page: { type: 'integer', 'x-description': 'page number' } },
  } as const;
  const routes: Route[] = [
    {
      method: 'POST', path: '/api/v3_0/things/<id>/parts', handler: 'api/things-parts-post', public: false, description: 'Add parts',
      listed: true, access: {}, body: defs, query,
      responses: { 201: { description: 'Created.', schema: shared } },
      examples: [
        { summary: 'Add one', params: { id: 3 }, query: { when: '2024-01-01T00:00:00+01:00' }, body: { start: '2024-01-01T00:00:00Z', parts: [] }, response: { status: 201, body: { a: 1 } } },
        { summary: 'Not allowed', as: 'test_dummy_user_3@seita.nl', params: { id: 3 }, response: { status: 403, body: new ForbiddenError().body() } },
      ],
    },
    { method: 'GET', path: '/api/v3_0/things/<id>', handler: 'api/things-get', public: true, description: '', listed: false, access: {}, responses: { 200: { description: 'A thing.', schema: shared } } },
    { method: 'GET', path: '/api/v3_0/jobs/<uuid>', handler: 'api/jobs-get', public: false, description: 'A job', listed: true, access: {} },
  ];
  const made = buildOpenApiDocument(routes) as Doc;
  const post = made.paths['/api/v3_0/things/{id}/parts'].post;

  it('is valid OpenAPI 3.1', async () => {
    expect((await validate(made)).valid).toBe(true);
  });

  it('turns x-format into format plus a description, x-description into description, and drops x-messages', () => {
    const body = made.components.schemas.Thing_body;
    expect(post.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing_body' } } } });
    expect(body.properties.start).toEqual({ type: 'string', format: 'date-time', description: expect.stringContaining('ISO 8601 datetime with a UTC offset') });
    expect(body.properties.step).toEqual({ type: 'string', format: 'duration', description: expect.stringMatching(/^The step\. ISO 8601 duration in whole minutes/) });
    expect(body.properties.label).toEqual({ type: 'string', description: 'A free text.' });
    // A description that already says ISO 8601 gets no second sentence about the format.
    expect(body.properties.end).toEqual({ format: 'date-time', description: 'ISO 8601 datetime with an offset.' });
  });

  it('keeps internal references resolvable by pointing them into the component', () => {
    const body = made.components.schemas.Thing_body;
    expect(body.properties.parts.items).toEqual({ $ref: '#/components/schemas/Thing_body/$defs/part' });
    expect(body.$defs.part.properties.next).toEqual({ $ref: '#/components/schemas/Thing_body/$defs/part' });
    const v = new DocumentValidator(made);
    expect(v.errors(post.requestBody.content['application/json'].schema, { start: '2024-01-01T00:00:00Z', parts: [{ n: 1, next: { n: 2 } }] })).toEqual([]);
    expect(v.errors(post.requestBody.content['application/json'].schema, { start: '2024-01-01T00:00:00Z', parts: [{ next: { n: 'two' } }] })).not.toEqual([]);
  });

  it('reuses a titled schema by reference', () => {
    expect(post.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Shared' });
    expect(made.paths['/api/v3_0/things/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Shared' });
  });

  it('makes query parameters from the query schema and path parameters from the path', () => {
    expect(post.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: expect.any(String), examples: { 'add-one': { summary: 'Add one', value: 3 }, 'not-allowed': { summary: 'Not allowed', value: 3 } } },
      {
        name: 'when', in: 'query', required: true, schema: { type: 'string', format: 'date-time' },
        description: expect.stringContaining('UTC offset'), examples: { 'add-one': { summary: 'Add one', value: '2024-01-01T00:00:00+01:00' } },
      },
      { name: 'page', in: 'query', required: false, schema: { type: 'integer' }, description: 'Page number.' },
    ]);
    expect(made.paths['/api/v3_0/jobs/{uuid}'].get.parameters).toEqual([
      { name: 'uuid', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'A UUID.' },
    ]);
  });

  it('puts examples on the request body and on the responses, inlining a standard response that gets one', () => {
    expect(post.requestBody.content['application/json'].examples).toEqual({ 'add-one': { summary: 'Add one', value: { start: '2024-01-01T00:00:00Z', parts: [] } } });
    expect(post.responses['201'].content['application/json'].examples['add-one'].value).toEqual({ a: 1 });
    expect(post.responses['403'].$ref).toBeUndefined();
    expect(post.responses['403'].content['application/json'].examples['not-allowed'].value).toEqual(new ForbiddenError().body());
    expect(post.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
  });

  it('documents a route without responses with a plain success and its standard errors', () => {
    expect(Object.keys(made.paths['/api/v3_0/jobs/{uuid}'].get.responses)).toEqual(['200', '401', '403', '500']);
    expect(Object.keys(made.paths['/api/v3_0/things/{id}'].get.responses)).toEqual(['200', '404', '422', '500']);
  });

  it('refuses examples the route cannot answer, and bodies without a body schema', () => {
    const bad = (docs: Partial<Route>) => () =>
      buildOpenApiDocument([{ method: 'GET', path: '/api/v3_0/x', handler: 'api/x', public: true, description: '', listed: false, access: {}, ...docs }]);
    expect(bad({ examples: [{ summary: 'Teapot', response: { status: 418 } }] })).toThrow(/answers 418, which the route does not document/);
    expect(bad({ examples: [{ summary: 'Body', body: {}, response: { status: 200 } }] })).toThrow(/declares no body schema/);
    expect(bad({ body: { type: 'object', properties: { a: { 'x-format': 'weird' } } } })).toThrow(/Unknown x-format/);
  });

  it('documents ANY routes with each method, examples only on the method they name', () => {
    const any = buildOpenApiDocument([
      {
        method: 'ANY', path: '/api/v9/<proxy+>', handler: 'api/gone', public: true, description: '', listed: false, access: {},
        responses: { 410: { description: 'Gone.', schema: { type: 'object' } } },
        examples: [{ summary: 'Gone', method: 'POST', params: { proxy: 'a/b' }, response: { status: 410, body: {} } }],
      },
    ]) as Doc;
    const item = any.paths['/api/v9/{proxy}'];
    expect(Object.keys(item)).toEqual(['get', 'post', 'put', 'patch', 'delete']);
    expect(item.post.responses['410'].content['application/json'].examples).toBeDefined();
    expect(item.get.responses['410'].content['application/json'].examples).toBeUndefined();
    expect(new Set(Object.values(item).map((op: any) => op.operationId)).size).toBe(5);
  });
});

describe('the scheduling flex-models', () => {
  it('documents the process flex-model next to the storage one, and the process scheduler in the GET', () => {
    const text = JSON.stringify(openApiDocument());
    for (const field of ['ProcessFlexModel', 'StorageFlexModel', 'process-type', 'time-restrictions', 'optimization-sense', 'ProcessScheduler']) {
      expect(text).toContain(field);
    }
  });
});
