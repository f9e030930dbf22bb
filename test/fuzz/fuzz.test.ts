/**
 * The fuzz suite: for every entry of functions/routes.ts, schema-guided mutations of its valid
 * requests plus raw garbage, through the local runtime (test/fuzz/harness.ts lists the properties:
 * no 5xx, errors as FlexMeasures JSON, a rejected request changes nothing).
 *
 * `npm test` runs a short seeded pass (FUZZ_RUNS, default 30 per route); `npm run fuzz` runs 1,000
 * per route and prints a per-route table. FUZZ_SEED changes the seed (default 16); FUZZ_PROGRESS_FILE
 * names a file that gets each route's line as soon as it is done.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { appendFileSync } from 'node:fs';
import { ROUTES } from '../../functions/routes.js';
import { useRuntime } from '../helpers/runtime.js';
import { buildWorld, type World } from '../helpers/world.js';
import { buildAssetsWorld } from '../helpers/assets-world.js';
import { formatTable, fuzzRoute, WriteRecorder, type RouteStats } from './harness.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 16);
const REPORT = Boolean(process.env.FUZZ_REPORT);
/** A file that gets one line per route as soon as it is done (`npm run fuzz` watches it). */
const PROGRESS_FILE = process.env.FUZZ_PROGRESS_FILE;

useRuntime({ solver: false });
let world: World;
const recorder = new WriteRecorder();
const results: RouteStats[] = [];

beforeAll(async () => {
  world = await buildWorld();
  await buildAssetsWorld(world, { scheduling: true });
  recorder.install();
});

afterAll(() => {
  recorder.uninstall();
  if (REPORT) process.stdout.write(`\nFuzz: ${RUNS} requests per route, seed ${SEED}\n${formatTable(results)}\n`);
});

describe(`fuzz: ${RUNS} requests per route`, () => {
  it.each(ROUTES.map((route, i) => [`${route.method} ${route.path}`, route, i] as const))(
    '%s: no 5xx, errors as JSON, rejected requests change nothing',
    async (_, route, i) => {
      const stats = await fuzzRoute(world, recorder, route, RUNS, SEED + i);
      results.push(stats);
      // One line per route as it finishes, so a long run shows its progress (jest holds stdout back).
      if (PROGRESS_FILE) appendFileSync(PROGRESS_FILE, `${new Date().toISOString()}  ${formatTable([stats]).split('\n')[1]}\n`);
      expect(stats.failures).toEqual([]);
      expect(stats.runs).toBe(RUNS);
    },
    Math.max(30_000, RUNS * 1_000),
  );
});
