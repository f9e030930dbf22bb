import { describe, it, expect } from '@jest/globals';
import { reply, routeHandler, type Reply } from '../../../functions/http/handler.js';
import type { RouteContract } from '../../../functions/http/contract.js';
import type { Request } from '../../../functions/http/request.js';
import {
  FlexConfigError,
  ForbiddenError,
  HttpError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../../functions/core/errors.js';
import { apiEvent, context } from '../../helpers/events.js';
import { compileRequestValidator } from '../../../scripts/compile-validators.js';

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'start'],
  properties: {
    name: { type: 'string', minLength: 1 },
    count: { type: 'integer', minimum: 1 },
    ratio: { type: 'number' },
    flag: { type: 'boolean' },
    kind: { enum: ['A', 'B'] },
    email: { type: 'string', format: 'email' },
    start: { type: 'string', 'x-format': 'aware-datetime' },
    duration: { type: 'string', 'x-format': 'duration' },
    items: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['value'], properties: { value: { type: 'number' } } },
    },
    latitude: { type: 'number', maximum: 90, 'x-messages': { maximum: 'Latitude {value} exceeds the maximum latitude of 90 degrees.' } },
  },
} as const;

const querySchema = {
  type: 'object',
  properties: { account_id: { type: 'integer' }, all: { type: 'boolean' }, start: { type: 'string', 'x-format': 'aware-datetime' } },
} as const;

const body = compileRequestValidator('body', bodySchema, 'json');
const query = compileRequestValidator('query', querySchema, 'query');
const PUBLIC: RouteContract = { handler: 'api/test', public: true, body: undefined, query: [] };

/** A public route whose handler is `fn`: the pipeline with no validation steps of its own. */
const endpoint = (fn: (req: Request) => Promise<Reply>, options: { injectStatus?: boolean } = {}) =>
  routeHandler(PUBLIC, { handle: ({ req }) => fn(req), injectStatus: options.injectStatus });

const echo = endpoint(async (req) => reply({ received: req.body(body) as never }));
const echoQuery = endpoint(async (req) => reply({ received: req.args(query) as never }));
const byId = endpoint(async (req) => reply({ id: req.pathInt() }));

async function call(handler: typeof echo, init: Parameters<typeof apiEvent>[0]) {
  const res = await handler(apiEvent(init), context);
  return { status: res.statusCode, headers: res.headers ?? {}, body: res.body ? JSON.parse(res.body) : undefined };
}

const json = { 'content-type': 'application/json' };
const valid = { name: 'x', start: '2021-06-07T00:00:00+02:00' };

describe('error bodies (docs/contract/api.md §3)', () => {
  const render = (err: Error) => call(endpoint(async () => { throw err; }), {});

  it('401', async () => {
    expect(await render(new UnauthorizedError())).toMatchObject({
      status: 401,
      body: { message: 'You could not be properly authenticated for this content or functionality.', status: 'UNAUTHORIZED' },
    });
  });

  it('403', async () => {
    const res = await render(new ForbiddenError('not a member'));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ result: 'Rejected', status: 'INVALID_SENDER', message: 'You cannot be authorized for this content or functionality.' });
  });

  it('404', async () => {
    expect(await render(new NotFoundError('Sensor', 999))).toMatchObject({ status: 404, body: { message: 'Sensor 999 not found', status: 404 } });
  });

  it('405 and other plain HTTP errors', async () => {
    expect(await render(new HttpError(405, 'The method is not allowed for the requested URL.'))).toMatchObject({
      status: 405,
      body: { message: 'The method is not allowed for the requested URL.', status: 405 },
    });
  });

  it('422 field errors', async () => {
    const res = await render(ValidationError.field('json', 'soc-at-start', 'Not a valid number.'));
    expect(res).toMatchObject({ status: 422 });
    expect(res.body).toEqual({ message: { json: { 'soc-at-start': ['Not a valid number.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' });
  });

  it('422 flex-config errors as dict or plain string (docs/contract/api.md §3.2)', async () => {
    expect((await render(new FlexConfigError({ 'soc-unit': ['Must be one of: kWh, MWh.'] }))).body).toEqual({
      message: { json: { 'soc-unit': ['Must be one of: kWh, MWh.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY',
    });
    expect((await render(new FlexConfigError('Need maximal permitted state of charge, please specify soc-max or some soc-targets.'))).body).toEqual({
      message: { json: 'Need maximal permitted state of charge, please specify soc-max or some soc-targets.' }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY',
    });
  });

  it('500 for unexpected errors, in Flask\'s JSON shape, without the internal text', async () => {
    const res = await render(new Error('Item size has exceeded the maximum allowed size'));
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({ message: 'Internal server error', status: 500 });
  });

  it('503 with Retry-After for throttling and service faults of AWS (the SDK retries gave up)', async () => {
    const throttled = Object.assign(new Error('Throughput exceeds the current capacity'), {
      name: 'ProvisionedThroughputExceededException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    const fault = Object.assign(new Error('We encountered an internal error'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
    for (const err of [throttled, fault]) {
      const res = await render(err);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toEqual({ message: 'The service is busy. Please try again in a moment.', status: 503 });
    }
    // A client-side AWS error that is not about capacity stays a 500 without its text.
    const validation = Object.assign(new Error('Invalid KeyConditionExpression'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    expect(await render(validation)).toMatchObject({ status: 500, body: { message: 'Internal server error', status: 500 } });
  });
});

describe('status injection (docs/contract/api.md §1.3)', () => {
  it('adds the numeric status to plain objects', async () => {
    expect((await call(endpoint(async () => reply({ a: 1 })), {})).body).toEqual({ a: 1, status: 200 });
    expect((await call(endpoint(async () => reply({ a: 1 }, 503)), {})).body).toEqual({ a: 1, status: 503 });
  });
  it('leaves an existing status (USEF strings) alone', async () => {
    expect((await call(endpoint(async () => reply({ status: 'PROCESSED' })), {})).body).toEqual({ status: 'PROCESSED' });
  });
  it('never touches arrays', async () => {
    expect((await call(endpoint(async () => reply([{ a: 1 }])), {})).body).toEqual([{ a: 1 }]);
  });
  it('is off for views without @as_json', async () => {
    expect((await call(endpoint(async () => reply({ id: 1 }, 201), { injectStatus: false }), {})).body).toEqual({ id: 1 });
  });
  it('sends no body with 204', async () => {
    const res = await endpoint(async () => ({ status: 204 }))(apiEvent(), context);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });
});

describe('JSON bodies (docs/contract/api.md §1.2)', () => {
  it('accepts a valid body', async () => {
    expect(await call(echo, { method: 'POST', headers: json, body: JSON.stringify(valid) })).toMatchObject({ status: 200, body: { received: valid } });
  });

  it('answers malformed JSON with 400', async () => {
    expect(await call(echo, { method: 'POST', headers: json, body: '{"name": ' })).toEqual({
      status: 400,
      headers: expect.anything(),
      body: { message: 'The browser (or proxy) sent a request that this server could not understand.', status: 400 },
    });
  });

  it('treats a non-JSON content type as an absent body', async () => {
    const res = await call(echo, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(valid) });
    expect(res.status).toBe(422);
    expect(res.body.message.json).toEqual({ name: ['Missing data for required field.'], start: ['Missing data for required field.'] });
  });

  it('treats an empty JSON body as {} (GET with a JSON content type is normal)', async () => {
    const res = await call(echo, { method: 'GET', headers: json });
    expect(res.body.message.json.name).toEqual(['Missing data for required field.']);
  });

  it('rejects an array where an object is expected', async () => {
    const res = await call(echo, { method: 'POST', headers: json, body: JSON.stringify([valid, valid]) });
    expect(res).toMatchObject({ status: 422, body: { message: { json: { _schema: ['Invalid input type.'] } } } });
  });

  it('uses marshmallow\'s messages with external field names', async () => {
    const res = await call(echo, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        name: '', count: 0, ratio: 'x', flag: 'yes', kind: 'C', email: 'nope', start: '2021-06-07T00:00:00',
        duration: 'PT30S', items: [{ value: 1 }, { valu: 2 }], latitude: 91, id: 7, 'soc-at-start': null,
      }),
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      message: {
        json: {
          name: ['Shorter than minimum length 1.'],
          count: ['Must be greater than or equal to 1.'],
          ratio: ['Not a valid number.'],
          flag: ['Not a valid boolean.'],
          kind: ['Must be one of: A, B.'],
          email: ['Not a valid email address.'],
          start: ['Not a valid aware datetime.'],
          duration: ['FlexMeasures only support multiples of 1 minute.'],
          items: { '1': { value: ['Missing data for required field.'], valu: ['Unknown field.'] } },
          latitude: ['Latitude 91 exceeds the maximum latitude of 90 degrees.'],
          id: ['Unknown field.'],
          'soc-at-start': ['Unknown field.'],
        },
      },
      result: 'Rejected',
      status: 'UNPROCESSABLE_ENTITY',
    });
  });

  it('says "Field may not be null." for nulls', async () => {
    const res = await call(echo, { method: 'POST', headers: json, body: JSON.stringify({ ...valid, ratio: null }) });
    expect(res.body.message.json).toEqual({ ratio: ['Field may not be null.'] });
  });
});

describe('query strings and path ids', () => {
  it('coerces query values and ignores unknown parameters', async () => {
    expect((await call(echoQuery, { query: { account_id: '3', all: 'true', other: 'x', start: '2021-05-02T00:00:00+02:00' } })).body.received).toEqual({
      account_id: 3, all: true, other: 'x', start: '2021-05-02T00:00:00+02:00',
    });
  });

  it('reports bad query values under "query"', async () => {
    expect((await call(echoQuery, { query: { account_id: 'abc' } })).body).toEqual({
      message: { query: { account_id: ['Not a valid integer.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY',
    });
  });

  it('accepts an offset whose + became a space in the query string', async () => {
    expect((await call(echoQuery, { query: { start: '2021-05-02T00:00:00 02:00' } })).status).toBe(200);
  });

  it('answers non-numeric path ids with a 422 path error, never a 500 (decision 0008)', async () => {
    for (const id of ['abc', '1.5', '', '99999999999999999999']) {
      expect(await call(byId, { pathParameters: { id } })).toMatchObject({
        status: 422,
        body: { message: { path: { id: ['Not a valid integer.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' },
      });
    }
    expect((await call(byId, { pathParameters: { id: '42' } })).body).toEqual({ id: 42, status: 200 });
  });
});
