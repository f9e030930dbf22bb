/**
 * Storage scheduler benchmark: GLPK (core/scheduling) against HiGHS (the independent reference
 * model of test/unit/scheduling/highs-reference.ts) on the identical problem, in the same run.
 *
 * Part 1 — the issue's cases, timed as build + solve (flex config → numeric problem → schedule),
 * p50 of 20 runs each (fewer for a case whose single run takes seconds, said so in the output):
 *   A. 1 battery × 2 days × 15 min (192 steps), day-ahead-like prices, 95 % round trip;
 *   B. 1 battery + 2 inflexible devices (PV, load) × 7 days × 5 min (2016 steps);
 *   C. the hard case: 2 days × 15 min, prices 10 + 30·sin (many negative steps), round trip 90 %.
 * HiGHS gets the same StorageProblem (LP when GLPK solved an LP, else a sign binary on every step as
 * in v0.23) with the same relative MIP gap; its time includes writing and parsing the model.
 *
 * Part 2 — solver scaling on raw problems (96, 192, 384, 672 and 2016 steps), one run each: LP cases,
 * a negative midday block, the hard sine case and noisy negative prices; HiGHS solves the same
 * problem to a gap of 1e-9 and is capped at 120 s ("not proven in 120 s").
 *
 * Run with `npm run bench -- scheduler`. Prints figures only; no assertions.
 */
import {
  buildStorageProblem,
  parseStorageFlexConfig,
  type PowerSensorContext,
  type SensorInfo,
  type SensorValue,
} from '../functions/core/flex/index.js';
import { DEFAULT_MIP_GAP, getGlpk, scheduleStorageWith, type StorageProblem, type StorageSchedule } from '../functions/core/scheduling/index.js';
import { HOUR, MINUTE } from '../functions/core/time/index.js';
import { hardCase, noisyCase } from '../test/unit/scheduling/hard-cases.js';
import { getHighs, referenceSolve } from '../test/unit/scheduling/highs-reference.js';

const QUARTER = 15 * MINUTE;
const START = Date.parse('2026-03-02T00:00:00+01:00');
const TZ = 'Europe/Amsterdam';
const RUNS = 20;
/** A case whose single build+solve takes longer than this (s) is repeated fewer times. */
const SLOW_SECONDS = 2;
/** Keep the whole benchmark within a few minutes. */
const CASE_BUDGET_SECONDS = 40;

const glpk = await getGlpk();
await getHighs();

// ---------------------------------------------------------------- part 1: the issue's cases

const PRICE_SENSOR = 1;
const PV_SENSOR = 2;
const LOAD_SENSOR = 3;

/** A day-ahead-like hourly price curve (EUR/MWh), positive. */
const dayAhead = (hourIndex: number) => {
  const h = hourIndex % 24;
  const d = Math.floor(hourIndex / 24);
  return Math.round((60 + 40 * Math.sin((2 * Math.PI * (h - 7)) / 24) + 10 * Math.sin(d * 1.7)) * 100) / 100;
};
/** The hard case's hourly prices: 10 + 30·sin over the day, negative for about 8 hours a day. */
const sine = (hourIndex: number) => Math.round((10 + 30 * Math.sin((2 * Math.PI * hourIndex) / 24)) * 100) / 100;

interface Case {
  name: string;
  resolutionMs: number;
  days: number;
  flexModel: Record<string, unknown>;
  flexContext: Record<string, unknown>;
  price: (hourIndex: number) => number;
}

const CASES: Case[] = [
  {
    name: 'A  1 battery, 2 d × 15 min',
    resolutionMs: QUARTER,
    days: 2,
    flexModel: { 'soc-at-start': '2.5 MWh', 'roundtrip-efficiency': '95%' },
    flexContext: { 'consumption-price': { sensor: PRICE_SENSOR }, 'site-power-capacity': '2.5 MW' },
    price: dayAhead,
  },
  {
    name: 'B  + PV and load, 7 d × 5 min',
    resolutionMs: 5 * MINUTE,
    days: 7,
    flexModel: { 'soc-at-start': '2.5 MWh', 'roundtrip-efficiency': '95%' },
    flexContext: {
      'consumption-price': { sensor: PRICE_SENSOR },
      'inflexible-device-sensors': [PV_SENSOR, LOAD_SENSOR],
      'site-power-capacity': '3 MW',
    },
    price: dayAhead,
  },
  {
    name: 'C  hard: 10+30·sin, rte 90 %, 2 d',
    resolutionMs: QUARTER,
    days: 2,
    flexModel: { 'soc-at-start': '2.5 MWh', 'roundtrip-efficiency': '90%' },
    flexContext: { 'consumption-price': { sensor: PRICE_SENSOR }, 'site-power-capacity': '2.5 MW' },
    price: sine,
  },
];

/** The battery: 2 MW, 0.5–5 MWh. */
function battery(resolutionMs: number): PowerSensorContext {
  return {
    id: 100,
    unit: 'MW',
    eventResolutionMs: resolutionMs,
    timeZone: TZ,
    assetAttributes: { capacity_in_mw: 2, max_soc_in_mwh: 5, min_soc_in_mwh: 0.5 },
  };
}

/** Sensor metadata and pre-loaded values (what the solver Lambda loads from the belief store). */
function sensorData(c: Case): { lookup: (id: number) => SensorInfo | undefined; values: (id: number) => SensorValue[] | undefined } {
  const hours = c.days * 24;
  const fine = (hours * HOUR) / c.resolutionMs;
  const data = new Map<number, { info: SensorInfo; values: SensorValue[] }>([
    [
      PRICE_SENSOR,
      { info: { unit: 'EUR/MWh', eventResolutionMs: HOUR }, values: Array.from({ length: hours }, (_, i) => ({ eventStart: START + i * HOUR, value: c.price(i) })) },
    ],
    [
      PV_SENSOR, // production positive (the storage convention): up to 1.5 MW around noon
      {
        info: { unit: 'MW', eventResolutionMs: c.resolutionMs },
        values: Array.from({ length: fine }, (_, i) => {
          const h = ((i * c.resolutionMs) / HOUR) % 24;
          return { eventStart: START + i * c.resolutionMs, value: Math.max(0, 1.5 * Math.sin((Math.PI * (h - 7)) / 11)) };
        }),
      },
    ],
    [
      LOAD_SENSOR, // consumption negative, in kW: 400–900 kW
      {
        info: { unit: 'kW', eventResolutionMs: c.resolutionMs },
        values: Array.from({ length: fine }, (_, i) => ({ eventStart: START + i * c.resolutionMs, value: -(650 + 250 * Math.sin(i / 17)) })),
      },
    ],
  ]);
  return { lookup: (id) => data.get(id)?.info, values: (id) => data.get(id)?.values };
}

/** Flex config → problem → GLPK schedule, as the solver Lambda does after loading its inputs. */
function buildAndSolve(c: Case): { problem: StorageProblem; schedule: StorageSchedule } {
  const sensor = battery(c.resolutionMs);
  const { lookup, values } = sensorData(c);
  const config = parseStorageFlexConfig({
    sensor,
    startMs: START,
    endMs: START + c.days * 24 * HOUR,
    flexModel: c.flexModel,
    flexContext: c.flexContext,
    sensors: lookup,
  });
  const { problem } = buildStorageProblem(config, { sensor, sensors: lookup, values });
  return { problem, schedule: scheduleStorageWith(glpk, problem) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const time = (s: number) => (s < 1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`).padStart(10);

/**
 * Runs `fn` up to RUNS times (fewer for slow cases, within the case budget) and returns the wall
 * times (s). A synchronous `fn` is timed without awaiting anything.
 */
async function repeat(fn: () => void | Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let spent = 0;
  while (times.length < RUNS) {
    const t = performance.now();
    const running = fn();
    if (running) await running;
    const s = (performance.now() - t) / 1000;
    times.push(s);
    spent += s;
    if (s > SLOW_SECONDS && times.length >= 3) break;
    if (spent > CASE_BUDGET_SECONDS) break;
  }
  return times;
}

console.log(`glpk.js ${glpk.version} (core/scheduling, DP + LP, gap accepted ${DEFAULT_MIP_GAP}) vs HiGHS (reference model), Node ${process.version}, ${process.arch}`);
console.log('\nBuild + solve, p50 (runs):');
console.log(
  'case                                 steps class  bins  status    gap       GLPK p50 (n)      HiGHS p50 (n)   GLPK/HiGHS  GLPK objective   HiGHS objective  rel. diff',
);
for (const c of CASES) {
  let last: { problem: StorageProblem; schedule: StorageSchedule } | undefined;
  const glpkTimes = await repeat(() => {
    last = buildAndSolve(c);
  });
  const { problem, schedule } = last!;
  const binaries = schedule.problemClass === 'LP' ? 'never' : 'always';
  let ref: Awaited<ReturnType<typeof referenceSolve>> | undefined;
  const highsTimes = await repeat(async () => {
    ref = await referenceSolve(problem, { stock: 'recursive', binaries, mipRelGap: DEFAULT_MIP_GAP, timeLimitSeconds: 120 });
  });
  const glpkP50 = median(glpkTimes);
  const highsP50 = median(highsTimes);
  const rel = ref!.status === 'Optimal' ? (schedule.objective - ref!.objective) / Math.max(1, Math.abs(ref!.objective)) : NaN;
  console.log(
    `${c.name.padEnd(36)} ${String(problem.consumptionPrice.length).padStart(5)} ${schedule.problemClass.padEnd(5)} ${String(schedule.binaries).padStart(5)}  ` +
      `${schedule.status.padEnd(8)} ${schedule.mipGap.toExponential(1).padStart(7)}  ${time(glpkP50)} (${String(glpkTimes.length).padStart(2)})  ` +
      `${time(highsP50)} (${String(highsTimes.length).padStart(2)})  ${(glpkP50 / highsP50).toFixed(1).padStart(9)}×  ` +
      `${schedule.objective.toFixed(4).padStart(15)}  ${(ref!.status === 'Optimal' ? ref!.objective.toFixed(4) : ref!.status).padStart(15)}  ${Number.isNaN(rel) ? '—' : rel.toExponential(1)}`,
  );
}

// ---------------------------------------------------------------- part 2: scaling on raw problems

/** A deterministic day-ahead-like price curve (EUR/MWh) with an optional negative midday block. */
function prices(steps: number, negative: boolean): number[] {
  return Array.from({ length: steps }, (_, j) => {
    const hour = (j / 4) % 24;
    const day = Math.floor(j / 96);
    const base = 60 + 40 * Math.sin((2 * Math.PI * (hour - 7)) / 24) + 10 * Math.sin(day * 1.7);
    return negative && hour >= 10 && hour < 15 ? -20 - 5 * Math.cos(day) : Math.round(base * 100) / 100;
  });
}

function rawProblem(steps: number, negative: boolean): StorageProblem {
  const constant = (x: number) => Array<number>(steps).fill(x);
  const price = prices(steps, negative);
  return {
    startMs: START,
    stepMs: QUARTER,
    socAtStart: 2.5,
    socMin: 0.5,
    socMax: 5,
    consumptionCapacity: constant(2),
    productionCapacity: constant(2),
    siteConsumptionCapacity: constant(2.5),
    siteProductionCapacity: constant(2.5),
    inflexiblePower: Array.from({ length: steps }, (_, j) => 0.5 + 0.3 * Math.sin(j / 7)),
    consumptionPrice: price,
    productionPrice: price.map((c) => c - 5),
    chargingEfficiency: constant(0.95),
    dischargingEfficiency: constant(0.95),
    storageEfficiency: constant(0.9999),
    timeZone: TZ,
  };
}

/** HiGHS' time cap per problem in part 2. */
const HIGHS_CAP_SECONDS = 120;

console.log(`\nSolver only, one run each: the scheduler (LP, or DP + LP) next to HiGHS (gap 1e-9, capped at ${HIGHS_CAP_SECONDS} s) on the same problem:`);
console.log('case                        steps  method  status    gap        scheduler     HiGHS          ratio    scheduler obj.      HiGHS obj.   rel. diff');
const kinds: [string, (steps: number) => StorageProblem][] = [
  ['LP: day-ahead, losses', (n) => rawProblem(n, false)],
  ['negative midday block', (n) => rawProblem(n, true)],
  ['hard: 10+30·sin, rte 90 %', hardCase],
  ['noisy, ~25 % negative', noisyCase],
];
for (const [name, make] of kinds) {
  for (const steps of [96, 192, 384, 672, 2016]) {
    const p = make(steps);
    const started = performance.now();
    const s = scheduleStorageWith(glpk, p);
    const wall = (performance.now() - started) / 1000;
    const ref = await referenceSolve(p, {
      stock: 'recursive',
      binaries: s.method === 'lp' ? 'never' : 'always',
      mipRelGap: 1e-9,
      mipFeasibilityTolerance: 1e-8,
      timeLimitSeconds: HIGHS_CAP_SECONDS,
    });
    const proven = ref.status === 'Optimal';
    const rel = (s.objective - ref.objective) / Math.max(1, Math.abs(ref.objective));
    console.log(
      `${name.padEnd(27)} ${String(steps).padStart(5)}  ${s.method.padEnd(6)}  ${s.status.padEnd(8)} ${s.mipGap.toExponential(1).padStart(8)} ` +
        `${time(wall)}  ${proven ? time(ref.seconds) : `not proven in ${HIGHS_CAP_SECONDS} s`.padStart(10)}  ` +
        `${proven ? `${(ref.seconds / wall).toFixed(0).padStart(6)}×` : '      —'}  ${s.objective.toFixed(6).padStart(15)}  ` +
        `${(Number.isFinite(ref.objective) ? ref.objective.toFixed(6) : '—').padStart(15)}  ${proven ? rel.toExponential(1) : `(best ${rel.toExponential(1)})`}`,
    );
  }
}
