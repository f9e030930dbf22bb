/**
 * The local runtime's solver on its own thread (`solverWorker`, what `npm start` uses): while a job
 * is being solved, the HTTP server keeps answering. The slow solve is made deterministic with the
 * runtime's `slowSolveGate`: the worker blocks its thread synchronously right after claiming the
 * job — as a long GLPK run would — until the test releases it. Everything asserted here is order
 * and state (the job is "in progress" and the worker is held while other requests get their
 * answers), never elapsed time.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { api, startTestRuntime, stopTestRuntime } from '../../helpers/runtime.js';
import { buildSchedulingWorld, trigger, waitForSchedule, type SchedulingWorld } from '../../helpers/scheduling-world.js';
import { startRuntime } from '../../../local/runtime.js';
import { setClock } from '../../../functions/lambda/clock.js';

const gate = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
const cells = new Int32Array(gate);
/** How many solves the worker has started holding. */
const held = () => Atomics.load(cells, 0);
const released = () => Atomics.load(cells, 1) !== 0;
function release(): void {
  Atomics.store(cells, 1, 1);
  Atomics.notify(cells, 1);
}

let w: SchedulingWorld;
beforeAll(async () => {
  await startTestRuntime({ solverWorker: true, slowSolveGate: gate });
  w = await buildSchedulingWorld();
});
afterAll(async () => {
  release(); // never leave the worker blocked, even when a test failed half-way
  await stopTestRuntime();
});

const BODY = { start: '2015-01-01T00:00:00+01:00', duration: 'PT24H', 'flex-model': { 'soc-at-start': 2.5 }, 'flex-context': { 'site-power-capacity': '2 MW' } };
const jobPath = (jobId: string) => `/api/v3_0/sensors/${w.battery.power.id}/schedules/${jobId}`;

/** Polls the job's GET until the worker holds a solve (or `limit` rounds have passed). */
async function untilHeld(jobId: string, count: number, limit = 2000): Promise<void> {
  for (let i = 0; i < limit && held() < count; i++) {
    await api('GET', jobPath(jobId), { token: w.token });
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('solver on a worker thread', () => {
  it('answers other requests while a job is being solved, then finishes the job', async () => {
    const triggered = await trigger(w.token, w.battery.power.id, BODY);
    expect(triggered.status).toBe(200);
    const jobId = triggered.body.schedule as string;

    await untilHeld(jobId, 1);
    expect(held()).toBe(1);
    expect(released()).toBe(false);

    // The worker's thread is blocked inside the job; the API answers as usual.
    const assets = await api('GET', '/api/v3_0/assets', { token: w.token });
    expect(assets.status).toBe(200);
    expect(Array.isArray(assets.body)).toBe(true);
    expect(await api('GET', '/api/v3_0')).toMatchObject({ status: 200, body: { status: 'PROCESSED' } });
    const pending = await api('GET', jobPath(jobId), { token: w.token });
    expect(pending).toMatchObject({ status: 400, body: { status: 'UNKNOWN_SCHEDULE' } });
    expect(pending.body.message).toContain('Scheduling job in progress.');
    // …and all of that happened while the solve was still held.
    expect(held()).toBe(1);
    expect(released()).toBe(false);

    release();
    const done = await waitForSchedule(w.token, w.battery.power.id, jobId, { duration: 'PT24H' });
    expect(done).toMatchObject({
      status: 200,
      body: { status: 'PROCESSED', scheduler_info: { scheduler: 'StorageScheduler', solver: { status: 'optimal' } } },
    });
    expect(done.body.values).toHaveLength(96);
  });

  it('runs later jobs on the same worker, on the clock of the main thread', async () => {
    // Two days back: the trigger stamps the job with the main thread's clock, so a worker on the
    // wall clock would find it more than a day in the queue and drop it as expired. The worker
    // follows the main thread's clock offset instead.
    const back = Date.now() - 2 * 24 * 3_600_000;
    const start = Date.now();
    setClock(() => back + (Date.now() - start));
    try {
      const token = await w.world.token('prosumer');
      // Another state of charge than the first job's, so that the trigger does not reuse that job.
      const triggered = await trigger(token, w.battery.power.id, { ...BODY, 'flex-model': { 'soc-at-start': 3 } });
      expect(triggered.status).toBe(200);
      const jobId = triggered.body.schedule as string;
      const done = await waitForSchedule(token, w.battery.power.id, jobId, { duration: 'PT24H' });
      expect(done).toMatchObject({ status: 200, body: { status: 'PROCESSED' } });
      expect(held()).toBe(2); // the gate is open: the second job passed it without waiting
    } finally {
      setClock();
    }
  });
});

describe('slowSolveGate', () => {
  it('is refused without the worker (it would block the runtime itself)', async () => {
    await expect(startRuntime({ port: 0, dataDir: null, slowSolveGate: new SharedArrayBuffer(8) })).rejects.toThrow(/needs solverWorker/);
  });
});
