/**
 * Properties of the sensor data endpoints end to end (HTTP → handlers → core → DynamoDB store on
 * dynalite), with fast-check: what is posted at the sensor resolution comes back unchanged, a later
 * belief hides an earlier one unless `prior` asks for the past, and a retried POST stores nothing
 * new. Few runs each: every run is a handful of real HTTP requests.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import fc from 'fast-check';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, type World } from '../../helpers/world.js';
import { buildAssetsWorld, type AssetsWorld } from '../../helpers/assets-world.js';

useRuntime();
let world: World;
let aw: AssetsWorld;
let supplier: string;
let admin: string;
let count = 0;

beforeAll(async () => {
  world = await buildWorld();
  aw = await buildAssetsWorld(world);
  supplier = await world.token('supplier4');
  admin = await world.token('admin');
});

const ea = (id: number) => `ea1.2021-01.io.flexmeasures:fm1.${id}`;
const MINUTE = 60_000;

async function sensor(resolutionMinutes: number): Promise<number> {
  const res = await api('POST', '/api/v3_0/sensors', {
    token: admin,
    body: { name: `property sensor ${++count}`, unit: 'kW', event_resolution: `PT${resolutionMinutes}M`, generic_asset_id: aw.assets.windTurbine.id },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
const series = fc.array(fc.option(value, { nil: null, freq: 5 }), { minLength: 1, maxLength: 48 });
const resolution = fc.constantFrom(5, 15, 60);
/** A start on the resolution grid, in 2020–2029. */
const startFor = (minutes: number) =>
  fc.integer({ min: 0, max: 3650 * 24 }).map((hours) => Date.parse('2020-01-01T00:00:00Z') + hours * 60 * MINUTE + 0 * minutes);

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');

describe('sensor data properties', () => {
  it('posting then getting at the sensor resolution returns the posted values', async () => {
    await fc.assert(
      fc.asyncProperty(resolution.chain((r) => fc.tuple(fc.constant(r), startFor(r), series)), async ([r, start, values]) => {
        const id = await sensor(r);
        const body = { sensor: ea(id), start: iso(start), duration: `PT${values.length * r}M`, unit: 'kW', values, prior: '2030-01-01T00:00:00Z' };
        expect((await api('POST', '/api/v3_0/sensors/data', { token: supplier, body })).status).toBe(200);
        const res = await api('GET', '/api/v3_0/sensors/data', {
          token: supplier,
          query: { sensor: ea(id), start: iso(start), duration: `PT${values.length * r}M`, unit: 'kW' },
        });
        expect(res.status).toBe(200);
        expect(res.body.values).toEqual(values);
        expect(res.body.resolution).toBe(r === 60 ? 'PT1H' : `PT${r}M`);
      }),
      { numRuns: 12 },
    );
  });

  it('a later belief hides an earlier one, and `prior` brings the earlier one back', async () => {
    const id = await sensor(15);
    let day = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { minLength: 1, maxLength: 8 }),
        fc.array(value, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 48 * 60 }),
        async (earlier, later, gapMinutes) => {
          const n = Math.min(earlier.length, later.length);
          const start = Date.parse('2022-01-01T00:00:00Z') + day++ * 24 * 60 * MINUTE;
          const p1 = start - 72 * 60 * MINUTE;
          const p2 = p1 + gapMinutes * MINUTE;
          const post = (values: number[], prior: number) =>
            api('POST', '/api/v3_0/sensors/data', {
              token: supplier,
              body: { sensor: ea(id), start: iso(start), duration: `PT${n * 15}M`, unit: 'kW', values: values.slice(0, n), prior: iso(p1 === prior ? p1 : prior) },
            });
          expect((await post(earlier, p1)).status).toBe(200);
          expect((await post(later, p2)).status).toBe(200);
          const get = (prior?: number) =>
            api('GET', '/api/v3_0/sensors/data', {
              token: supplier,
              query: { sensor: ea(id), start: iso(start), duration: `PT${n * 15}M`, unit: 'kW', ...(prior === undefined ? {} : { prior: iso(prior) }) },
            });
          expect((await get()).body.values).toEqual(later.slice(0, n));
          expect((await get(p2 - MINUTE)).body.values).toEqual(earlier.slice(0, n));
          expect((await get(p1 - MINUTE)).body.values).toEqual(Array(n).fill(null));
        },
      ),
      { numRuns: 10 },
    );
  });

  it('a retried POST stores nothing new and answers ALREADY_RECEIVED', async () => {
    await fc.assert(
      fc.asyncProperty(series, async (values) => {
        const id = await sensor(15);
        const start = Date.parse('2023-03-26T00:00:00Z');
        const body = { sensor: ea(id), start: iso(start), duration: `PT${values.length * 15}M`, unit: 'kW', values, horizon: 'PT0H' };
        const first = await api('POST', '/api/v3_0/sensors/data', { token: supplier, body });
        const allNull = values.every((v) => v === null);
        expect(first.body.status).toBe(allNull ? 'ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED' : 'PROCESSED');
        const read = () => stores().beliefs.query({ sensorId: id, from: start, to: start + values.length * 15 * MINUTE });
        const before = await read();
        expect(before).toHaveLength(values.filter((v) => v !== null).length);
        const retry = await api('POST', '/api/v3_0/sensors/data', { token: supplier, body });
        expect(retry.status).toBe(200);
        expect(retry.body.status).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
        expect(await read()).toEqual(before);
      }),
      { numRuns: 10 },
    );
  });
});
