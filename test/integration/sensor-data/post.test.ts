/**
 * POST /api/v3_0/sensors/data through the local runtime: the scenarios of docs/contract/api.md §12.2
 * (auth, validation, duplicates and replacements, instantaneous posting, the resampling and unit
 * matrix, data source auto-registration), decision 0012 (stock values split when upsampled),
 * retries, "a rejected request writes nothing", and bad input that must never give a 500.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, type World } from '../../helpers/world.js';
import { buildAssetsWorld, type AssetsWorld } from '../../helpers/assets-world.js';
import { defaultScryptCost, hashPassword } from '../../../functions/core/auth/passwords.js';
import { issueToken as issue } from '../../../functions/app/auth.js';
import { now, setClock } from '../../../functions/lambda/clock.js';
import type { Belief } from '../../../functions/core/ports/beliefs.js';
import { alreadyReceivedBody, invalidReplacementBody } from '../../../schemas/sensor-data.js';

/** A cheap hash cost, as the test runtime's own (test/helpers/runtime.ts); a hash carries its cost. */
const TEST_SCRYPT_COST = defaultScryptCost({ SCRYPT_LOG_N: '4' });

useRuntime();
let world: World;
let aw: AssetsWorld;
let supplier: string;
let admin: string;

const ea = (id: number) => `ea1.2021-01.io.flexmeasures:fm1.${id}`;
const START = '2021-06-07T00:00:00+02:00';
const START_MS = Date.parse(START);
const HOUR = 3_600_000;
const OVERLAP =
  'Cannot save multiple instantaneous values that overlap. That is, two values spanning the same moment (a zero duration). Try sending a single value or definining a non-zero duration.';

beforeAll(async () => {
  world = await buildWorld();
  aw = await buildAssetsWorld(world);
  supplier = await world.token('supplier4');
  admin = await world.token('admin');
});

function post(body: unknown, token: string = supplier) {
  return api('POST', '/api/v3_0/sensors/data', { token, body });
}

/** The docs/contract/api.md §12.2 base body for a sensor (default: the gas sensor). */
const base = (sensorId = aw.sensors.gas.id) => ({
  type: 'PostSensorDataRequest',
  sensor: ea(sensorId),
  values: [-11.28, -11.28, -11.28, -11.28, -11.28, -11.28],
  start: START,
  duration: 'PT1H',
  horizon: 'PT0H',
  unit: 'm³',
});

let sensorCount = 0;
/** A fresh 10-minute m³/h sensor on the Supplier's incineration line ("fresh DB" for one scenario). */
async function freshGasSensor(resolution = 'PT10M', unit = 'm³/h'): Promise<number> {
  const res = await api('POST', '/api/v3_0/sensors', {
    token: admin,
    body: { name: `gas sensor ${++sensorCount}`, unit, event_resolution: resolution, generic_asset_id: aw.assets.incinerationLine.id },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

function stored(sensorId: number, from = START_MS, to = START_MS + HOUR): Promise<Belief[]> {
  return stores().beliefs.query({ sensorId, from, to });
}

const rounded = (values: number[]) => values.map((v) => Math.round(v * 1e9) / 1e9);

describe('POST /sensors/data: docs/contract/api.md §12.2 item 4, authentication and permission', () => {
  it('401 anonymous, 403 for a user of another account (and nothing stored)', async () => {
    const sensor = await freshGasSensor();
    expect((await api('POST', '/api/v3_0/sensors/data', { body: base(sensor) })).status).toBe(401);
    expect((await post(base(sensor), 'expired-or-bogus')).status).toBe(401);
    const res = await post(base(sensor), await world.token('dummy3'));
    expect(res).toMatchObject({ status: 403, body: { message: 'You cannot be authorized for this content or functionality.', result: 'Rejected', status: 'INVALID_SENDER' } });
    expect(await stored(sensor)).toEqual([]);
  });
});

describe('POST /sensors/data: docs/contract/api.md §12.2 item 5, validation', () => {
  it.each([
    [{ start: '2021-06-07T00:00:00' }, 'start', 'Not a valid aware datetime.'],
    [{ duration: 'PT30M' }, '_schema', "Resolution of 0:05:00 is incompatible with the sensor's required resolution of 0:10:00."],
    [{ sensor: 'ea1.2021-01.io.flexmeasures:fm1.666' }, 'sensor', "sensor with entity address ea1.2021-01.io.flexmeasures:fm1.666 doesn't exist."],
    [{ unit: 'm' }, '_schema', 'Required unit for this sensor is m³/h, got incompatible unit: m'],
    [
      { type: 'GetSensorDataRequest' },
      'type',
      'Must be one of: PostSensorDataRequest, PostMeterDataRequest, PostPrognosisRequest, PostPriceDataRequest, PostWeatherDataRequest.',
    ],
  ])('422 for %j: message.json.%s', async (change, field, message) => {
    const res = await post({ ...base(), ...change });
    expect(res).toMatchObject({ status: 422, body: { result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' } });
    expect(res.body.message.json[field][0]).toBe(message);
  });

  it('checks fields before the permission (422 for a user of another account too)', async () => {
    const res = await post({ ...base(), unit: 'm' }, await world.token('dummy3'));
    expect(res.status).toBe(422);
  });
});

describe('POST /sensors/data: docs/contract/api.md §12.2 item 6, duplicates and replacements', () => {
  it('stores once, answers ALREADY_RECEIVED for the same body, and 403 INVALID_REPLACEMENT for a changed value', async () => {
    const sensor = await freshGasSensor();
    const first = await post(base(sensor));
    expect(first).toMatchObject({ status: 200, body: { message: 'Request has been processed.', status: 'PROCESSED' } });
    expect(Object.keys(first.body).sort()).toEqual(['message', 'status']);
    const before = await stored(sensor);
    expect(before).toHaveLength(6);

    const again = await post(base(sensor));
    expect(again).toEqual(
      expect.objectContaining({
        status: 200,
        body: alreadyReceivedBody,
      }),
    );
    expect(await stored(sensor)).toEqual(before);

    const changed = base(sensor);
    changed.values[0] = 100;
    const replacement = await post(changed);
    expect(replacement).toEqual(
      expect.objectContaining({
        status: 403,
        body: invalidReplacementBody,
      }),
    );
    expect(await stored(sensor)).toEqual(before);
  });

  it('writes nothing of a request that holds a replacement, also not its new values', async () => {
    const sensor = await freshGasSensor();
    const first = { ...base(sensor), duration: 'PT20M', values: [1, 2], unit: 'm³/h' };
    expect((await post(first)).status).toBe(200);
    // Two known events (one changed) and four new ones.
    const mixed = { ...base(sensor), unit: 'm³/h', values: [1, 5, 3, 4, 5, 6] };
    expect((await post(mixed)).status).toBe(403);
    expect((await stored(sensor)).map((b) => b.value)).toEqual([1, 2]);
  });

  it('a retried POST of partly new data stores the new part once and answers ALREADY_RECEIVED', async () => {
    const sensor = await freshGasSensor();
    expect((await post({ ...base(sensor), unit: 'm³/h', duration: 'PT30M', values: [1, 2, 3] })).status).toBe(200);
    const res = await post({ ...base(sensor), unit: 'm³/h', values: [1, 2, 3, 4, 5, 6] });
    expect(res.body.status).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect((await stored(sensor)).map((b) => b.value)).toEqual([1, 2, 3, 4, 5, 6]);
    // Retrying the very same request (say after a lost answer) changes nothing.
    const retry = await post({ ...base(sensor), unit: 'm³/h', values: [1, 2, 3, 4, 5, 6] });
    expect(retry.body.status).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(await stored(sensor)).toHaveLength(6);
  });

  it('handles concurrent identical requests: every answer is 200, each belief is stored once', async () => {
    const sensor = await freshGasSensor();
    const body = { ...base(sensor), unit: 'm³/h', values: [7, 8, 9, 10, 11, 12] };
    const answers = await Promise.all([post(body), post(body), post(body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await stored(sensor)).map((b) => b.value)).toEqual([7, 8, 9, 10, 11, 12]);
  });

  it('stores a new prior as new beliefs next to the old ones (no replacement)', async () => {
    const sensor = await freshGasSensor();
    const body = { sensor: ea(sensor), start: START, duration: 'PT20M', unit: 'm³/h', values: [1, 2] };
    expect((await post({ ...body, prior: '2021-06-06T12:00:00Z' })).body.status).toBe('PROCESSED');
    expect((await post({ ...body, values: [3, 4], prior: '2021-06-06T13:00:00Z' })).body.status).toBe('PROCESSED');
    const beliefs = await stored(sensor);
    expect(beliefs.map((b) => [b.value, new Date(b.beliefTime).toISOString()])).toEqual([
      [1, '2021-06-06T12:00:00.000Z'],
      [3, '2021-06-06T13:00:00.000Z'],
      [2, '2021-06-06T12:00:00.000Z'],
      [4, '2021-06-06T13:00:00.000Z'],
    ]);
    // A later prior repeating the latest values is skipped as unchanged.
    expect((await post({ ...body, values: [3, 4], prior: '2021-06-06T14:00:00Z' })).body.status).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(await stored(sensor)).toHaveLength(4);
  });
});

describe('POST /sensors/data: docs/contract/api.md §12.2 item 7, instantaneous posting', () => {
  it('stores one bare value with a zero duration; refuses two (nothing stored)', async () => {
    const sensor = aw.sensors.emptyTemperature.id;
    const body = { sensor: ea(sensor), start: START, duration: 'PT0H', unit: '°C', horizon: 'PT0H' };
    const two = await post({ ...body, values: [20, 21] });
    expect(two.status).toBe(422);
    expect(two.body.message.json._schema[0]).toBe(OVERLAP);
    expect(await stored(sensor)).toEqual([]);
    const one = await post({ ...body, values: 20 });
    expect(one).toMatchObject({ status: 200, body: { message: 'Request has been processed.' } });
    const beliefs = await stored(sensor);
    expect(beliefs.map((b) => [b.eventStart, b.beliefTime, b.value])).toEqual([[START_MS, START_MS, 20]]);
  });
});

describe('POST /sensors/data: docs/contract/api.md §12.2 item 8, resampling and units (fresh sensor each)', () => {
  it.each([
    ['6 × −11.28 m³/h', { values: Array(6).fill(-11.28), unit: 'm³/h' }, 6, -11.28],
    ['6, the first null, m³/h', { values: [null, ...Array(5).fill(-11.28)], unit: 'm³/h' }, 5, -11.28],
    ['6 × −11.28 m³ (stock → flow: × 6 per hour)', { values: Array(6).fill(-11.28), unit: 'm³' }, 6, -67.68],
    ['6 × −11.28 l/h', { values: Array(6).fill(-11.28), unit: 'l/h' }, 6, -0.01128],
    ['3 × −11.28 m³/h (upsampled 20 → 10 min, repeated)', { values: Array(3).fill(-11.28), unit: 'm³/h' }, 6, -11.28],
    ['−11.28 m³/h, a bare number (1 h → 6 slots)', { values: -11.28, unit: 'm³/h' }, 6, -11.28],
    // Decision 0012: a stock value upsampled by 2 is split in two, then converted: −5.64 m³ per 10 min = −33.84 m³/h.
    ['3 × −11.28 m³ (upsampled and split, decision 0012)', { values: Array(3).fill(-11.28), unit: 'm³' }, 6, -33.84],
  ])('%s → 200', async (_, change, count, value) => {
    const sensor = await freshGasSensor();
    const res = await post({ ...base(sensor), ...change });
    expect(res.status).toBe(200);
    const beliefs = await stored(sensor);
    expect(beliefs).toHaveLength(count);
    expect(new Set(rounded(beliefs.map((b) => b.value)))).toEqual(new Set([value]));
    // horizon PT0H: each belief formed at its event's end.
    for (const b of beliefs) expect(b.beliefTime).toBe(b.eventStart + 10 * 60_000);
  });

  it.each([
    ['4 values (15 min is no multiple of 10 min)', 4, "Resolution of 0:15:00 is incompatible with the sensor's required resolution of 0:10:00."],
    ['10 values (6 min)', 10, "Resolution of 0:06:00 is incompatible with the sensor's required resolution of 0:10:00."],
  ])('%s → 422, nothing stored', async (_, n, message) => {
    const sensor = await freshGasSensor();
    const res = await post({ ...base(sensor), unit: 'm³/h', values: Array(n).fill(-11.28) });
    expect(res.status).toBe(422);
    expect(res.body.message.json._schema).toEqual([message]);
    expect(await stored(sensor)).toEqual([]);
  });

  it('sums of a stock are kept when upsampling kWh to a 15-minute kW sensor (decision 0012)', async () => {
    const sensor = await freshGasSensor('PT15M', 'kW');
    const res = await post({ sensor: ea(sensor), start: START, duration: 'PT2H', unit: 'kWh', values: [4, 8], prior: '2021-06-06T12:00:00Z' });
    expect(res.status).toBe(200);
    // 4 kWh over one hour = 1 kWh per quarter = 4 kW; 8 kWh → 8 kW.
    expect(rounded((await stored(sensor, START_MS, START_MS + 2 * HOUR)).map((b) => b.value))).toEqual([4, 4, 4, 4, 8, 8, 8, 8]);
  });
});

describe('POST /sensors/data: docs/contract/api.md §12.2 item 9, the data source', () => {
  it("creates the user's data source (type user, name = username) on the first post", async () => {
    const user = await stores().users.create({
      email: 'new_admin@seita.nl',
      username: 'New Admin',
      accountId: world.accounts.dummy.id,
      roles: ['admin'],
      passwordHash: await hashPassword('testtest', TEST_SCRYPT_COST),
    });
    const token = await issue(stores(), user, now());
    expect((await stores().assets.listDataSources()).filter((s) => s.userId === user.id)).toEqual([]);
    const sensor = await freshGasSensor();
    const res = await post({ ...base(sensor), unit: 'm³/h' }, token);
    expect(res.status).toBe(200);
    const sources = (await stores().assets.listDataSources()).filter((s) => s.userId === user.id);
    expect(sources).toEqual([expect.objectContaining({ name: 'New Admin', type: 'user', userId: user.id })]);
    expect(new Set((await stored(sensor)).map((b) => b.sourceId))).toEqual(new Set([sources[0]!.id]));
    // The second post uses the same source.
    await post({ ...base(sensor), unit: 'm³/h', start: '2021-06-07T01:00:00+02:00' }, token);
    expect((await stores().assets.listDataSources()).filter((s) => s.userId === user.id)).toHaveLength(1);
  });
});

describe('POST /sensors/data: belief timing', () => {
  it('prior wins over horizon; without either the belief time is the server time', async () => {
    const sensor = await freshGasSensor();
    const body = { sensor: ea(sensor), start: START, duration: 'PT10M', unit: 'm³/h' };
    await post({ ...body, values: [1], prior: '2021-06-01T00:00:00Z', horizon: 'PT6H' });
    const t = Date.parse('2021-06-07T12:34:00Z');
    setClock(() => t);
    try {
      await post({ ...body, values: [2] });
    } finally {
      setClock();
    }
    await post({ ...body, values: [3], horizon: 'PT6H' });
    const times = (await stored(sensor)).map((b) => [b.value, new Date(b.beliefTime).toISOString()]);
    expect(times).toEqual([
      [1, '2021-06-01T00:00:00.000Z'],
      // horizon PT6H: 6 h before the event end (2021-06-06T22:10Z).
      [3, '2021-06-06T16:10:00.000Z'],
      [2, '2021-06-07T12:34:00.000Z'],
    ]);
  });

  it('checks the horizons of meter data and prognoses, and the units of the types', async () => {
    const sensor = await freshGasSensor('PT15M', 'MW');
    const body = { sensor: ea(sensor), start: START, duration: 'PT15M', unit: 'kW', values: [1] };
    expect((await post({ ...body, type: 'PostMeterDataRequest', horizon: 'PT1H' })).body.message.json._schema).toEqual(['Meter data must lie in the past.']);
    expect((await post({ ...body, type: 'PostPrognosisRequest', horizon: '-PT1H' })).body.message.json._schema).toEqual(['Prognoses must lie in the future.']);
    expect((await post({ ...body, type: 'PostPriceDataRequest', horizon: 'PT1H' })).body.message.json._schema).toEqual([
      'The unit required for this message type should be convertible to an energy price unit, got incompatible unit: kW',
    ]);
    expect(await stored(sensor)).toEqual([]);
    expect((await post({ ...body, type: 'PostPrognosisRequest', horizon: 'PT1H' })).status).toBe(200);
    expect(rounded((await stored(sensor)).map((b) => b.value))).toEqual([0.001]);
  });
});

describe('POST /sensors/data: bad input never gives a 500 (decision 0016)', () => {
  it('400 for malformed JSON', async () => {
    const res = await post('{"sensor": ');
    expect(res).toEqual(
      expect.objectContaining({ status: 400, body: { message: 'The browser (or proxy) sent a request that this server could not understand.', status: 400 } }),
    );
  });

  it.each([
    ['omitted values', (b: Record<string, unknown>) => delete b.values, { values: ['Missing data for required field.'] }],
    ['values: null', (b: Record<string, unknown>) => (b.values = null), { values: ['Field may not be null.'] }],
    ['values: []', (b: Record<string, unknown>) => (b.values = []), { values: ['Shorter than minimum length 1.'] }],
    ['values: "abc"', (b: Record<string, unknown>) => (b.values = 'abc'), { values: ['Not a valid list.'] }],
    ['a value that is not a number', (b: Record<string, unknown>) => (b.values = [1, 'x', 3, 4, 5, 6]), { values: { '1': ['Not a valid number.'] } }],
    ['an unknown field', (b: Record<string, unknown>) => (b.source = 3), { source: ['Unknown field.'] }],
    [
      'an entity address without ":"',
      (b: Record<string, unknown>) => (b.sensor = 'ea1.2021-01.io.flexmeasures.fm1.1'),
      { sensor: [expect.stringMatching(/^A valid type 1 FlexMeasures entity address starts with '.*:fm1\.', please review ea1\.2021-01\.io\.flexmeasures\.fm1\.1$/)] },
    ],
    ['an fm0 address', (b: Record<string, unknown>) => (b.sensor = 'ea1.2021-01.io.flexmeasures:fm0.1:2'), { sensor: [expect.stringMatching(/^A valid type 1 FlexMeasures entity address starts with/)] }],
    ['a sensor that is a number', (b: Record<string, unknown>) => (b.sensor = 1), { sensor: ['Not a valid string.'] }],
    ['a horizon that is no whole number of minutes', (b: Record<string, unknown>) => (b.horizon = 'PT0.5M'), { horizon: ['FlexMeasures only support multiples of 1 minute.'] }],
    ['a prior without offset', (b: Record<string, unknown>) => (b.prior = '2021-06-07T00:00:00'), { prior: ['Not a valid aware datetime.'] }],
  ])('422 for %s', async (_, change, errors) => {
    const body: Record<string, unknown> = base();
    change(body);
    const res = await post(body);
    expect(res.status).toBe(422);
    expect(res.body.message.json).toEqual(errors);
  });

  it('422 for a body that is not an object', async () => {
    expect((await post([base()])).body.message.json).toEqual({ _schema: ['Invalid input type.'] });
  });

  it('422 for a stock↔flow conversion on an instantaneous sensor', async () => {
    const sensor = await freshGasSensor('P0D', 'm³/h');
    const res = await post({ sensor: ea(sensor), start: START, duration: 'PT0M', unit: 'm³', values: [1] });
    expect(res.status).toBe(422);
    expect(res.body.message.json._schema).toEqual([
      'Cannot convert values from m³ to m³/h for a sensor with instantaneous events: converting between a stock and a flow needs a non-zero event resolution.',
    ]);
  });

  it('422 for too many events, before anything is stored; 413 for a body over 10 MB', async () => {
    const sensor = await freshGasSensor('PT1M', 'm³/h');
    const many = await post({ sensor: ea(sensor), start: START, duration: 'P40D', unit: 'm³/h', values: [1] });
    expect(many.status).toBe(422);
    expect(many.body.message.json._schema[0]).toMatch(/^This request holds 57600 events at the sensor's resolution; at most 50000 can be posted at once\./);
    const huge = await post(`{"values": [${'1,'.repeat(6_000_000)}1]}`);
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toBe('application/json');
    expect(await stored(sensor, START_MS, START_MS + 40 * 24 * HOUR)).toEqual([]);
  });

  it('422 for events outside the years 0000–9999', async () => {
    const res = await post({ sensor: ea(aw.sensors.emptyTemperature.id), start: '9999-12-31T23:59:00+00:00', duration: 'PT0M', unit: '°C', values: [1], prior: '2021-01-01T00:00:00Z' });
    expect(res.status).toBe(200);
    const beyond = await post({ sensor: ea(aw.sensors.gas.id), start: '9999-12-31T23:50:00+00:00', duration: 'PT20M', unit: 'm³/h', values: [1, 2], prior: '2021-01-01T00:00:00Z' });
    expect(beyond).toMatchObject({ status: 422, body: { message: { json: { _schema: ['The event start of a belief must lie between the years 0000 and 9999.'] } } } });
  });
});

describe('DELETE /sensors/<id> deletes the sensor’s beliefs (docs/contract/api.md §12.3 item 13)', () => {
  it('removes every belief of the sensor and leaves other sensors alone', async () => {
    const sensor = await freshGasSensor();
    const other = await freshGasSensor();
    await post({ ...base(sensor), unit: 'm³/h' });
    await post({ ...base(other), unit: 'm³/h' });
    await post({ ...base(sensor), unit: 'm³/h', start: '2021-09-30T23:00:00+00:00', duration: 'PT2H', values: Array(12).fill(1) });
    expect((await api('DELETE', `/api/v3_0/sensors/${sensor}`, { token: admin })).status).toBe(204);
    expect(await stores().beliefs.query({ sensorId: sensor, from: 0, to: Date.parse('2100-01-01T00:00:00Z') })).toEqual([]);
    expect(await stored(other)).toHaveLength(6);
  });
});
