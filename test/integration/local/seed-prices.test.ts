/**
 * Demo prices of a fresh local installation: on an empty data directory `npm start` (startRuntime
 * with seed: true) fills "Day-ahead prices"; with a token for the seeded admin, GET
 * /api/v3_0/sensors/data for tomorrow in EUR/kWh returns 24 prices — the generator's, converted —
 * from the "Demo price generator" source, with belief times that follow day-ahead publication.
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, startTestRuntime, stopTestRuntime } from '../../helpers/runtime.js';
import { setClock } from '../../../functions/lambda/clock.js';
import { beliefStore } from '../../../functions/stores/index.js';
import { dayPricesRequestPath, demoDayPrices } from '../../../local/demo-prices.js';

process.env.SCRYPT_LOG_N ??= '4';
const dir = mkdtempSync(join(tmpdir(), 'fm-seed-prices-'));
/** Thursday 27 March 2025, 11:00 in Amsterdam: before the day-ahead auction for Friday closes. */
const NOW = Date.parse('2025-03-27T11:00:00+01:00');

afterAll(async () => {
  await stopTestRuntime();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo prices on first start', () => {
  it('serves 24 prices for tomorrow in EUR/kWh, from the demo price generator', async () => {
    setClock(() => NOW);
    const runtime = await startTestRuntime({ dataDir: dir, seed: true });
    const seed = runtime.seed!;
    expect(seed.demoPrices.days).toEqual([
      '2025-03-20', '2025-03-21', '2025-03-22', '2025-03-23', '2025-03-24', '2025-03-25', '2025-03-26', '2025-03-27', '2025-03-28',
    ]);
    const login = await api('POST', '/api/requestAuthToken', { body: { email: seed.adminEmail, password: seed.generatedPassword } });
    const token = login.body.auth_token as string;

    // What `npm start` prints for tomorrow.
    const tomorrow = await api('GET', dayPricesRequestPath(seed.demoPrices.sensorId, '2025-03-28', 'EUR/kWh'), { token });
    expect(tomorrow.status).toBe(200);
    expect(tomorrow.body).toMatchObject({
      start: '2025-03-28T00:00:00+01:00',
      duration: 'PT24H',
      resolution: 'PT1H',
      unit: 'EUR/kWh',
      status: 'PROCESSED',
    });
    const values = tomorrow.body.values as (number | null)[];
    expect(values).toHaveLength(24);
    expect(values.every((v) => typeof v === 'number')).toBe(true);
    const expected = demoDayPrices('2025-03-28').map((p) => p.value / 1000);
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 10));

    // The whole window in EUR/MWh: 9 days, some negative hours, nothing after tomorrow.
    const all = await api('GET', '/api/v3_0/sensors/data', {
      token,
      query: { sensor: `ea1.2021-01.io.flexmeasures:fm1.${seed.demoPrices.sensorId}`, start: '2025-03-20T00:00:00+01:00', duration: 'P10D', unit: 'EUR/MWh' },
    });
    expect(all.status).toBe(200);
    const hourly = all.body.values as (number | null)[];
    expect(hourly.slice(0, 9 * 24).every((v) => typeof v === 'number')).toBe(true);
    expect(hourly.slice(9 * 24).every((v) => v === null)).toBe(true);
    expect(hourly.some((v) => v !== null && v < 0)).toBe(true);

    // The source and the belief times: tomorrow's prices are believed now (not yet published),
    // so just before now they are unknown; today's were published yesterday at 12:00 Paris time.
    const stats = await api('GET', `/api/v3_0/sensors/${seed.demoPrices.sensorId}/stats`, { token });
    expect(stats.status).toBe(200);
    expect(Object.keys(stats.body).filter((k) => k !== 'status')).toEqual(['Demo price generator']);
    expect(stats.body['Demo price generator']).toMatchObject({
      count_values: 9 * 24,
      min_event_start: 'Wed, 19 Mar 2025 23:00:00 GMT',
      max_event_start: 'Fri, 28 Mar 2025 22:00:00 GMT',
    });
    const before = await api('GET', dayPricesRequestPath(seed.demoPrices.sensorId, '2025-03-28', 'EUR/kWh'), {
      token,
      query: { prior: new Date(NOW - 60_000).toISOString() },
    });
    expect(before.body.values).toEqual(Array(24).fill(null));
    const stored = await beliefStore().query({ sensorId: seed.demoPrices.sensorId, from: Date.parse('2025-03-27T00:00:00+01:00'), to: Date.parse('2025-03-29T00:00:00+01:00') });
    expect(stored).toHaveLength(48);
    expect(new Set(stored.slice(0, 24).map((b) => b.beliefTime))).toEqual(new Set([Date.parse('2025-03-26T12:00:00+01:00')]));
    expect(new Set(stored.slice(24).map((b) => b.beliefTime))).toEqual(new Set([NOW]));
  });
});
