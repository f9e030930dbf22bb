/**
 * The solver function as Lambda runs it: bundled by esbuild with the stack's options, plus the
 * GLPK WebAssembly the stack's afterBundling hook copies next to index.mjs, in a folder outside the
 * project whose only node_modules is the AWS SDK (which the Lambda runtime provides). The bundled
 * handler, run in a fresh Node process, must load GLPK from inside the bundle and finish a real job
 * against the test runtime's DynamoDB.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLED_FILES, copyBundledFiles } from '../../lib/stack.js';
import { esbuildOptions } from '../../lib/bundling.js';
import { api, stores, useRuntime } from '../helpers/runtime.js';
import { buildSchedulingWorld, trigger, type SchedulingWorld } from '../helpers/scheduling-world.js';

const ROOT = join(import.meta.dirname, '..', '..');
const rt = useRuntime({ solver: false });
let out: string;
let w: SchedulingWorld;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'solver-bundle-'));
  // Run against dynalite below, so bundled as a DynamoDB-belief-store stack bundles it.
  await build(esbuildOptions(join(ROOT, 'functions', 'solver.ts'), join(out, 'index.mjs'), 'dynamodb'));
  for (const command of copyBundledFiles('solver', ROOT, out)) execFileSync('bash', ['-c', command]);
  // What the Lambda runtime provides: the AWS SDK v3 (external to every bundle).
  mkdirSync(join(out, 'node_modules'));
  symlinkSync(join(ROOT, 'node_modules', '@aws-sdk'), join(out, 'node_modules', '@aws-sdk'));
  w = await buildSchedulingWorld();
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/**
 * Invokes the bundled handler in a fresh Node process (as Lambda would) and returns its answer.
 * Asynchronously: the child talks to the DynamoDB stand-in running in this process.
 */
async function invoke(event: object): Promise<unknown> {
  const script = `const m = await import(${JSON.stringify(`file://${join(out, 'index.mjs')}`)}); process.stdout.write(JSON.stringify(await m.handler(${JSON.stringify(event)}, {})));`;
  // The child is a Lambda container of its own: its environment is the test runtime's.
  const env = { ...process.env, ...rt.runtime.env, NODE_OPTIONS: '', LOG_LEVEL: 'SILENT' };
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: out, env, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
}

describe('the bundled solver', () => {
  it('has glpk.wasm next to index.mjs, and nothing from the project\'s node_modules', () => {
    expect(BUNDLED_FILES.solver!.files).toEqual(['node_modules/glpk.js/dist/glpk.wasm']);
    expect(readdirSync(out).sort()).toEqual(['glpk.wasm', 'index.mjs', 'node_modules']);
    expect(readdirSync(join(out, 'node_modules'))).toEqual(['@aws-sdk']);
    expect(existsSync(join(out, '..', 'node_modules'))).toBe(false);
  });

  /** A new job for the Test battery and the SQS event delivering it. */
  async function jobEvent(): Promise<{ jobId: string; event: object }> {
    const res = await trigger(w.token, w.battery.power.id, {
      start: '2015-01-02T00:00:00+01:00',
      duration: 'PT24H',
      'flex-model': { 'soc-at-start': 2.5 },
      force_new_job_creation: true,
    });
    const jobId = res.body.schedule as string;
    const record = {
      messageId: 'm1',
      receiptHandle: 'r',
      body: JSON.stringify({ jobId }),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:q',
      awsRegion: 'local',
    };
    return { jobId, event: { Records: [record] } };
  }

  it('loads GLPK from the bundle and finishes a job', async () => {
    const { jobId, event } = await jobEvent();
    expect(await invoke(event)).toEqual({ batchItemFailures: [] });
    const job = await stores().jobs.get(jobId, Date.now());
    expect(job).toMatchObject({ status: 'done', result: { info: { solver: { name: expect.stringMatching(/^GLPK /), status: 'optimal' } } } });
    const got = await api('GET', `/api/v3_0/sensors/${w.battery.power.id}/schedules/${jobId}`, { token: w.token, query: { duration: 'PT24H' } });
    expect(got.status).toBe(200);
    expect(got.body.values).toHaveLength(96);
  }, 60_000);

  it('needs that very glpk.wasm: without it the run fails and the job goes back to the queue', async () => {
    const { jobId, event } = await jobEvent();
    renameSync(join(out, 'glpk.wasm'), join(out, 'glpk.wasm.away'));
    try {
      await expect(invoke(event)).rejects.toThrow();
    } finally {
      renameSync(join(out, 'glpk.wasm.away'), join(out, 'glpk.wasm'));
    }
    expect(await stores().jobs.get(jobId, Date.now())).toMatchObject({ status: 'queued', attempts: 1 });
  }, 60_000);
});
