/**
 * The fresh-clone flow of the README, with the real `npm start` server (local/server.ts in a child
 * process, empty data directory): the printed admin password → a token → the seeded "Demo battery
 * power" sensor → POST …/schedules/trigger with nothing but a start at the next quarter hour and
 * `soc-at-start` → GET …/schedules/<uuid>?duration=PT48H answers 192 quarter hours within seconds,
 * priced with the seeded demo day-ahead prices. Then the "Demo process power" sensor: a SHIFTABLE
 * 2-hour, 15 kW process in the next 24 hours lands on the cheapest two hours of those prices.
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDatetime } from '../../../functions/core/time/index.js';
import { demoPrices } from '../../../local/demo-prices.js';
import { startLocalServer, stopLocalServer } from '../../helpers/local-server.js';

const dir = mkdtempSync(join(tmpdir(), 'fm-fresh-'));
let child: ChildProcess | undefined;

afterAll(async () => {
  await stopLocalServer(child);
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `npm start`'s server and resolves with its base URL and first-run output. */
async function startServer(): Promise<{ base: string; output: string }> {
  const started = await startLocalServer(dir, { SEED_ADMIN_PASSWORD: '', SEED_ADMIN_EMAIL: '' }, 30_000);
  child = started.child;
  return { base: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(started.output)![1]!, output: started.output };
}

async function call(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = token;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('fresh install', () => {
  it('npm start → token → trigger "Demo battery power" with only start and soc-at-start → 192 values within seconds; then the demo process', async () => {
    const { base, output } = await startServer();
    const password = /Admin password \(shown only this once[^\n]*\n\s+(\S+)/.exec(output)![1]!;
    const login = await call('POST', `${base}/api/requestAuthToken`, undefined, { email: 'admin@example.com', password });
    expect(login.status).toBe(200);
    const token = login.body.auth_token as string;

    const sensors = await call('GET', `${base}/api/v3_0/sensors`, token);
    const battery = (sensors.body as { id: number; name: string; unit: string }[]).find((s) => s.name === 'Demo battery power')!;
    expect(battery).toMatchObject({ unit: 'MW' });

    const quarter = 15 * 60_000;
    const start = formatDatetime(Math.ceil(Date.now() / quarter) * quarter, 0);
    const triggered = await call('POST', `${base}/api/v3_0/sensors/${battery.id}/schedules/trigger`, token, {
      start,
      'flex-model': { 'soc-at-start': '2.5 MWh' },
    });
    expect(triggered).toMatchObject({ status: 200, body: { message: 'Request has been processed.', status: 'PROCESSED' } });
    const jobId = triggered.body.schedule as string;

    const began = Date.now();
    let res: { status: number; body: any };
    for (;;) {
      res = await call('GET', `${base}/api/v3_0/sensors/${battery.id}/schedules/${jobId}?duration=PT48H`, token);
      if (!(res.status === 400 && /Scheduling job (waiting|in progress)/.test(res.body.message))) break;
      expect(Date.now() - began).toBeLessThan(20_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ duration: 'PT48H', start, status: 'PROCESSED', unit: 'MW', scheduler_info: { scheduler: 'StorageScheduler', expected_cost_unit: 'EUR' } });
    const values = res.body.values as number[];
    expect(values).toHaveLength(192);
    for (const x of values) expect(Math.abs(x)).toBeLessThanOrEqual(2 + 1e-9);
    // The demo prices make the battery trade: it charges and discharges.
    expect(values.some((x) => x > 0.1)).toBe(true);
    expect(values.some((x) => x < -0.1)).toBe(true);
    const soc = res.body.scheduler_info.state_of_charge.values as number[];
    expect(soc[0]).toBe(2.5);
    for (const x of soc) {
      expect(x).toBeGreaterThanOrEqual(0.5 - 1e-6);
      expect(x).toBeLessThanOrEqual(5 + 1e-6);
    }

    // The process flow of the README.
    const process = (sensors.body as { id: number; name: string }[]).find((s) => s.name === 'Demo process power')!;
    const processStart = Math.ceil(Date.now() / quarter) * quarter;
    const shiftable = await call('POST', `${base}/api/v3_0/sensors/${process.id}/schedules/trigger`, token, {
      start: formatDatetime(processStart, 0),
      duration: 'PT24H',
      'flex-model': { duration: 'PT2H', power: '15 kW', 'process-type': 'SHIFTABLE' },
    });
    expect(shiftable.status).toBe(200);
    let placed: { status: number; body: any };
    for (;;) {
      placed = await call('GET', `${base}/api/v3_0/sensors/${process.id}/schedules/${shiftable.body.schedule}?duration=PT24H`, token);
      if (!(placed.status === 400 && /Scheduling job (waiting|in progress)/.test(placed.body.message))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ unit: 'kW', duration: 'PT24H', scheduler_info: { scheduler: 'ProcessScheduler', expected_cost_unit: 'EUR' } });
    // The cheapest 8-quarter block of the demo prices (earliest on ties), worked out here by trying every start.
    const hourly = new Map(demoPrices(Date.now()).map((p) => [p.eventStart, p.value]));
    const quarterPrices = Array.from({ length: 96 }, (_, j) => hourly.get(Math.floor((processStart + j * quarter) / 3_600_000) * 3_600_000)!);
    let best = 0;
    const cost = (s: number) => quarterPrices.slice(s, s + 8).reduce((a, b) => a + b, 0);
    // (Sums equal up to rounding are ties: the earlier start keeps them.)
    for (let s = 1; s <= 88; s++) if (cost(s) < cost(best) - 1e-6) best = s;
    expect(placed.body.values).toEqual(Array.from({ length: 96 }, (_, j) => (j >= best && j < best + 8 ? 15 : 0)));
  });
});
