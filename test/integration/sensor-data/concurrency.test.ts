/**
 * POST /api/v3_0/sensors/data under concurrency and store failures, through the local runtime:
 * writers of one (sensor, source) take turns through a lease, so conflicting concurrent posts give
 * exactly one winner and rejected ones store nothing; identical ones all succeed with one copy;
 * the store failing half-way (unavailable, or any other fault) answers a 503 that a retry completes
 * (never a 403).
 */
import { describe, it, expect, beforeAll, jest } from '@jest/globals';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { api, type ApiResponse, stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, type World } from '../../helpers/world.js';
import { buildAssetsWorld, type AssetsWorld } from '../../helpers/assets-world.js';

useRuntime();
let world: World;
let aw: AssetsWorld;
let supplier: string;
let admin: string;

const MINUTE = 60_000;
const ea = (id: number) => `ea1.2021-01.io.flexmeasures:fm1.${id}`;
const PRIOR = '2021-05-01T00:00:00+00:00';

beforeAll(async () => {
  world = await buildWorld();
  aw = await buildAssetsWorld(world);
  supplier = await world.token('supplier4');
  admin = await world.token('admin');
});

let sensorCount = 0;
async function freshSensor(): Promise<number> {
  const res = await api('POST', '/api/v3_0/sensors', {
    token: admin,
    body: { name: `concurrency sensor ${++sensorCount}`, unit: 'kW', event_resolution: 'PT1M', generic_asset_id: aw.assets.incinerationLine.id },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** `count` one-minute values, all equal to `value`, from `start`. */
const series = (sensorId: number, start: string, count: number, value: number) => ({
  type: 'PostSensorDataRequest',
  sensor: ea(sensorId),
  values: Array.from({ length: count }, () => value),
  start,
  duration: `PT${count}M`,
  unit: 'kW',
  prior: PRIOR,
});

const post = (body: unknown): Promise<ApiResponse> => api('POST', '/api/v3_0/sensors/data', { token: supplier, body });

async function storedValues(sensorId: number, start: string, count: number): Promise<number[]> {
  const from = Date.parse(start);
  const beliefs = await stores().beliefs.query({ sensorId, from, to: from + count * MINUTE });
  return beliefs.map((b) => b.value);
}

describe('POST /sensors/data: concurrent writers of one sensor and source', () => {
  it('8 conflicting series posted at once, 10 times: one 200, the others 403 (or 503 that turns into 403), the winner stored', async () => {
    const sensor = await freshSensor();
    for (let run = 0; run < 10; run++) {
      const start = new Date(Date.parse('2021-06-01T00:00:00Z') + run * 86_400_000).toISOString();
      const bodies = [1, 2, 3, 4, 5, 6, 7, 8].map((value) => series(sensor, start, 400, value));
      const answers = await Promise.all(bodies.map(post));
      const winners = answers.flatMap((a, i) => (a.status === 200 ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const [i, a] of answers.entries()) {
        if (i === winners[0]) continue;
        if (a.status === 503) {
          expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
          const retried = await post(bodies[i]);
          expect(retried.status).toBe(403);
          expect(retried.body.status).toBe('INVALID_REPLACEMENT');
        } else {
          expect(a.status).toBe(403);
          expect(a.body.status).toBe('INVALID_REPLACEMENT');
        }
      }
      expect(await storedValues(sensor, start, 400)).toEqual(bodies[winners[0]!]!.values);
    }
  }, 180_000);

  it('8 identical series posted at once: all 200, one copy stored', async () => {
    const sensor = await freshSensor();
    const body = series(sensor, '2021-07-01T00:00:00Z', 400, 42);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(body)));
    for (const a of answers) {
      if (a.status === 503) expect((await post(body)).status).toBe(200);
      else expect(a.status).toBe(200);
    }
    expect(answers.filter((a) => a.status === 200 && a.body.status === 'PROCESSED').length).toBeLessThanOrEqual(1);
    expect(await storedValues(sensor, '2021-07-01T00:00:00Z', 400)).toEqual(body.values);
  });
});

/** Posts while the n-th write of beliefs (from 1) fails with what `failure(n)` gives (null: written). */
async function postFailingBeliefWrites(body: unknown, failure: (n: number) => Error | null): Promise<ApiResponse> {
  const client = stores().clients.dynamodb;
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  let beliefWrites = 0;
  const spy = jest.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    if (command instanceof PutCommand && command.input.TableName === stores().config.stores.dynamodb.tables.beliefs) {
      const err = failure(++beliefWrites);
      if (err) throw err;
    }
    return send(command);
  }) as never);
  try {
    return await post(body);
  } finally {
    spy.mockRestore();
  }
}

describe('POST /sensors/data: the belief store fails half-way through a big POST', () => {
  it('answers 503 with Retry-After, keeps no lease, and the retry completes the series (200, never 403)', async () => {
    const sensor = await freshSensor();
    const start = '2021-08-01T00:00:00Z';
    const body = series(sensor, start, 2_000, 3.5);
    // Let the first write of beliefs through (one day's packed item), then fail every later one, as a
    // throttled or failing table would.
    const failed = await postFailingBeliefWrites(body, (n) => (n > 1 ? Object.assign(new Error('Internal server error'), { name: 'InternalServerError' }) : null));
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('1');
    const partial = await storedValues(sensor, start, 2_000);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(2_000);

    const retried = await post(body);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(await storedValues(sensor, start, 2_000)).toEqual(body.values);
  });
});

describe('POST /sensors/data: any other store failure while writing', () => {
  it('is the same retry-safe 503 without internal text, and the retry completes the series', async () => {
    const sensor = await freshSensor();
    const body = series(sensor, '2021-09-01T00:00:00Z', 30, 1.5);
    // A request DynamoDB refuses for good (a client error, not throttling or a server fault).
    const refused = Object.assign(new Error('One or more parameter values were invalid (injected)'), { name: 'ValidationException', $fault: 'client' });
    const failed = await postFailingBeliefWrites(body, () => refused);
    expect(failed).toMatchObject({
      status: 503,
      body: { message: 'The data could not be stored completely because the belief store failed. Retrying the same request is safe.' },
    });
    expect(failed.headers['retry-after']).toBeDefined();
    expect(JSON.stringify(failed.body)).not.toContain('injected');
    expect((await post(body)).status).toBe(200);
    expect(await storedValues(sensor, '2021-09-01T00:00:00Z', 30)).toEqual(body.values);
  });
});
