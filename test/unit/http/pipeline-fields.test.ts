/**
 * The pipeline's field checks of a query (`checkQueryFields`): they run next to the schema after
 * `prepareQuery`, report together with the schema's errors as marshmallow does, and hand the
 * handler what they return.
 */
import { describe, it, expect } from '@jest/globals';
import { reply, routeHandler } from '../../../functions/http/handler.js';
import { normaliseBooleans } from '../../../functions/http/query.js';
import type { RouteContract } from '../../../functions/http/contract.js';
import { compileRequestValidator } from '../../../scripts/compile-validators.js';
import { apiEvent, context } from '../../helpers/events.js';
import { fakePorts } from '../../fakes/ports.js';

const querySchema = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 2 }, count: { type: 'integer' }, flag: { type: 'boolean' } },
  required: ['name'],
} as const;
const contract = {
  handler: 'api/test',
  public: true,
  body: undefined,
  query: [compileRequestValidator('fieldsQuery', querySchema, 'query')],
} as const satisfies RouteContract;

interface Raw {
  name: string;
  count?: number;
  flag?: boolean;
}

const known = new Set(['ab', 'abc']);
const handler = routeHandler<typeof contract, object, { found: string; count: number | null; flag: boolean }, undefined, object, Raw>(contract, {
  prepareQuery: (query) => normaliseBooleans(query, ['flag']),
  checkQueryFields: async (query, errors, ok) => {
    if (ok('name') && !known.has(query.name!)) errors.add(['name'], `No thing named ${query.name}.`);
    return { found: query.name!, count: query.count ?? null, flag: query.flag ?? false };
  },
  handle: async ({ query }) => reply(query),
}).withPorts(fakePorts());

async function get(query: Record<string, string>) {
  const res = await handler(apiEvent({ query }), context);
  return { status: res.statusCode, body: JSON.parse(res.body ?? 'null') };
}

describe('checkQueryFields', () => {
  it('hands the handler what the checks return, with the schema’s coercions', async () => {
    expect(await get({ name: 'ab', count: '3' })).toEqual({ status: 200, body: { count: 3, flag: false, found: 'ab', status: 200 } });
  });

  it('reports field errors and schema errors together, under the query', async () => {
    expect(await get({ name: 'xy', count: 'many' })).toEqual({
      status: 422,
      body: {
        message: { query: { count: ['Not a valid integer.'], name: ['No thing named xy.'] } },
        result: 'Rejected',
        status: 'UNPROCESSABLE_ENTITY',
      },
    });
  });

  it('checks only the fields the schema accepted', async () => {
    const res = await get({ name: 'x' });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.message.query)).toEqual(['name']);
    expect(res.body.message.query.name).not.toContain('No thing named x.');
  });

  it('sees the query as prepareQuery left it', async () => {
    expect((await get({ name: 'ab', flag: 'Yes' })).body.flag).toBe(true);
    expect((await get({ name: 'ab', flag: 'maybe' })).status).toBe(422);
  });
});
