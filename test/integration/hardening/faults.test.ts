/**
 * Fault injection through the local runtime: DynamoDB throttling or failing (after the SDK's own
 * retries) in the middle of entity writes and of the schedule trigger, and the job queue failing at
 * trigger time. The client always gets a retry-safe answer (503 with `Retry-After`), nothing is left
 * that the retry trips over (no reserved name, no half-written entity, no job left "queued" without
 * its message), and the retry succeeds. The solver is off so the queue can be inspected.
 */
import { describe, it, expect, beforeAll, afterEach } from '@jest/globals';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { now } from '../../../functions/lambda/clock.js';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildSchedulingWorld, trigger, type SchedulingWorld } from '../../helpers/scheduling-world.js';
import { dynamoFault, failDynamo, failQueue, firstCalls, queueGone, throttled, type FaultRule } from '../../helpers/faults.js';
import { drainQueue } from '../../helpers/queue.js';

const rt = useRuntime({ solver: false });
let w: SchedulingWorld;
let admin: string;
beforeAll(async () => {
  w = await buildSchedulingWorld();
  admin = await w.world.token('admin');
});

let undo: (() => void)[] = [];
afterEach(() => {
  for (const u of undo) u();
  undo = [];
});
const injectDynamo = (rule: FaultRule) => undo.push(failDynamo(rule));
const injectQueue = (rule: FaultRule) => undo.push(failQueue(rule));
const heal = () => {
  for (const u of undo) u();
  undo = [];
};

const UNAVAILABLE = { status: 503, headers: { 'retry-after': '1' }, body: { message: 'The service is busy. Please try again in a moment.', status: 503 } };

/** Every item of the job table whose pk starts with `prefix`. */
async function jobTable(prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await rt.runtime.ports.clients.dynamodb.send(new ScanCommand({ TableName: rt.runtime.config.stores.dynamodb.tables.jobs, ExclusiveStartKey: startKey }));
    items.push(...(out.Items ?? []).filter((i) => String(i.pk).startsWith(prefix)));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Empties the job queue; returns the job ids its messages carried. */
async function drainJobIds(): Promise<string[]> {
  const bodies = await drainQueue(rt.runtime.ports.clients.sqs, rt.runtime.queue.queueUrl);
  return bodies.map((body) => String((body as { jobId: string }).jobId));
}

describe('entity writes', () => {
  it('POST /assets: throttled while writing the asset → 503, no name or reference left behind, the retry creates it', async () => {
    const body = {
      name: 'throttled asset',
      generic_asset_type_id: w.assets.types.battery!.id,
      account_id: w.world.accounts.prosumer.id,
      attributes: { sensors_to_show: [w.pv.id] },
    };
    injectDynamo(firstCalls(1, (c) => c.commandName === 'PutItemCommand' && Boolean(c.pk?.startsWith('ASSET#')), throttled));
    expect(await api('POST', '/api/v3_0/assets', { token: admin, body })).toMatchObject(UNAVAILABLE);
    heal();
    const names = (await stores().assets.listAssetsByAccount(w.world.accounts.prosumer.id)).map((a) => a.name);
    expect(names).not.toContain('throttled asset');
    const retry = await api('POST', '/api/v3_0/assets', { token: admin, body });
    expect(retry).toMatchObject({ status: 201, body: { name: 'throttled asset' } });
  });

  it('PATCH /sensors/<id>: DynamoDB failing with a 500 → 503, the sensor unchanged; the retry applies', async () => {
    const path = `/api/v3_0/sensors/${w.demand.id}`;
    const before = await stores().assets.getSensor(w.demand.id);
    injectDynamo((c) => (c.commandName === 'UpdateItemCommand' ? dynamoFault() : null));
    expect(await api('PATCH', path, { token: admin, body: { name: 'renamed demand', attributes: { a: 1 } } })).toMatchObject(UNAVAILABLE);
    heal();
    expect(await stores().assets.getSensor(w.demand.id)).toEqual(before);
    // The new name was not kept reserved either: the retry takes it.
    expect(await api('PATCH', path, { token: admin, body: { name: 'renamed demand', attributes: { a: 1 } } })).toMatchObject({
      status: 200,
      body: { name: 'renamed demand', attributes: '{"a": 1}' },
    });
  });

  it('a throttled read is a 503 as well', async () => {
    injectDynamo((c) => (c.commandName === 'GetItemCommand' && Boolean(c.pk?.startsWith('SENSOR#')) ? throttled() : null));
    expect(await api('GET', `/api/v3_0/sensors/${w.pv.id}`, { token: admin })).toMatchObject(UNAVAILABLE);
    heal();
    expect((await api('GET', `/api/v3_0/sensors/${w.pv.id}`, { token: admin })).status).toBe(200);
  });
});

describe('schedule trigger', () => {
  const body = (soc: number) => ({ start: '2015-01-03T00:00:00+01:00', duration: 'PT6H', 'flex-model': { 'soc-at-start': soc } });

  /** The first put of an item keyed `prefix` is throttled: 503 and no job more; the retry queues exactly one job. */
  async function throttledPutThenRetry(prefix: 'JOB#' | 'REQ#', soc: number): Promise<void> {
    const jobsBefore = (await jobTable('JOB#')).length;
    injectDynamo(firstCalls(1, (c) => c.commandName === 'PutItemCommand' && Boolean(c.pk?.startsWith(prefix)), throttled));
    expect(await trigger(w.token, w.battery.power.id, body(soc))).toMatchObject(UNAVAILABLE);
    heal();
    expect((await jobTable('JOB#')).length).toBe(jobsBefore);
    const retry = await trigger(w.token, w.battery.power.id, body(soc));
    expect(retry.status).toBe(200);
    expect(await drainJobIds()).toEqual([retry.body.schedule]);
  }

  it('throttled while writing the job → 503, no job and no de-duplication entry; the retry queues one job', async () => {
    await drainJobIds();
    await throttledPutThenRetry('JOB#', 1.1);
  });

  it('throttled while claiming the request → 503, the job written first is discarded; the retry queues one job', async () => {
    await throttledPutThenRetry('REQ#', 1.2);
  });

  it('the queue failing → 503; the job is failed, not left queued, and the request is free again; the retry queues a new job', async () => {
    injectQueue((c) => (c.commandName === 'SendMessageCommand' ? queueGone() : null));
    const jobsBefore = new Set((await jobTable('JOB#')).map((i) => String(i.pk)));
    expect(await trigger(w.token, w.battery.power.id, body(1.3))).toMatchObject(UNAVAILABLE);
    heal();
    const written = (await jobTable('JOB#')).filter((i) => !jobsBefore.has(String(i.pk)));
    expect(written).toHaveLength(1);
    const orphan = await stores().jobs.get(String(written[0]!.pk).slice('JOB#'.length), now());
    expect(orphan).toMatchObject({ status: 'failed', error: { message: 'The job could not be queued.' } });
    // Its id was never given to anyone, and a GET of it would say why it failed rather than "waiting" forever.
    const retry = await trigger(w.token, w.battery.power.id, body(1.3));
    expect(retry.status).toBe(200);
    expect(retry.body.schedule).not.toBe(orphan!.id);
    expect(await drainJobIds()).toEqual([retry.body.schedule]);
    // And identical requests now get that job.
    expect((await trigger(w.token, w.battery.power.id, body(1.3))).body.schedule).toBe(retry.body.schedule);
  });
});
