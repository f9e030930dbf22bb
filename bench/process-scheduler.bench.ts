/**
 * Process scheduler benchmark (runs with `npm run bench -- scheduler`): 7 days × 15 min (672
 * steps) of a kW power sensor with hourly day-ahead-like prices, timed as flex-model validation +
 * prices onto the grid + placement (`parseProcessFlexConfig` → `sensorPrices` → `scheduleProcess`),
 * p50 and max of 200 runs per case, for SHIFTABLE and BREAKABLE (INFLEXIBLE for reference), short
 * and long processes, with and without daily time restrictions. Prints figures only; no assertions.
 */
import type { PowerSensorContext, SensorInfo } from '../functions/core/flex/index.js';
import { parseProcessFlexConfig, scheduleProcess, sensorPrices } from '../functions/core/process/index.js';
import { formatDatetime, HOUR, MINUTE } from '../functions/core/time/index.js';

const QUARTER = 15 * MINUTE;
const DAYS = 7;
const START = Date.parse('2026-03-02T00:00:00+01:00');
const END = START + DAYS * 24 * HOUR;
const RUNS = 200;
const PRICE_SENSOR = 1;

const sensor: PowerSensorContext = { id: 2, unit: 'kW', eventResolutionMs: QUARTER, timeZone: 'Europe/Amsterdam', attributes: {}, assetAttributes: {} };
const priceInfo: SensorInfo = { unit: 'EUR/MWh', eventResolutionMs: HOUR };
const lookup = (id: number) => (id === PRICE_SENSOR ? priceInfo : undefined);
/** A day-ahead-like hourly price curve (EUR/MWh), with a negative midday dip on two days. */
const price = (h: number) => {
  const hour = h % 24;
  const day = Math.floor(h / 24);
  const dip = (day === 2 || day === 5) && hour >= 11 && hour < 15 ? -50 : 0;
  return Math.round((60 + 40 * Math.sin((2 * Math.PI * (hour - 7)) / 24) + 10 * Math.sin(day * 1.7) + dip) * 100) / 100;
};
const events = Array.from({ length: DAYS * 24 }, (_, h) => ({ eventStart: START + h * HOUR, value: price(h) }));
/** No running from 22:00 to 06:00 local time (UTC+1 in March before the switch). */
const nights = Array.from({ length: DAYS }, (_, d) => ({ start: formatDatetime(START + d * 24 * HOUR + 22 * HOUR, 60), duration: 'PT8H' }));

const cases: [string, Record<string, unknown>][] = [
  ['INFLEXIBLE PT4H, nights restricted', { 'process-type': 'INFLEXIBLE', duration: 'PT4H', 'time-restrictions': nights }],
  ['SHIFTABLE  PT4H', { 'process-type': 'SHIFTABLE', duration: 'PT4H' }],
  ['SHIFTABLE  PT4H, nights restricted', { 'process-type': 'SHIFTABLE', duration: 'PT4H', 'time-restrictions': nights }],
  ['SHIFTABLE  PT48H (192-step block)', { 'process-type': 'SHIFTABLE', duration: 'PT48H' }],
  ['SHIFTABLE  PT48H, MAX', { 'process-type': 'SHIFTABLE', duration: 'PT48H', 'optimization-sense': 'MAX' }],
  ['BREAKABLE  PT4H', { 'process-type': 'BREAKABLE', duration: 'PT4H' }],
  ['BREAKABLE  PT30H, nights restricted', { 'process-type': 'BREAKABLE', duration: 'PT30H', 'time-restrictions': nights }],
  ['BREAKABLE  PT96H, MAX', { 'process-type': 'BREAKABLE', duration: 'PT96H', 'optimization-sense': 'MAX' }],
];

const ms = (x: number) => `${x.toFixed(3).padStart(8)} ms`;
console.log(`${DAYS} days × 15 min = ${(END - START) / QUARTER} steps, hourly prices; ${RUNS} runs per case (validation + prices + placement)`);
console.log('case                                   p50          max          on-steps  expected cost');
for (const [name, model] of cases) {
  const times: number[] = [];
  let last: ReturnType<typeof scheduleProcess> | undefined;
  for (let i = 0; i < RUNS; i++) {
    const began = performance.now();
    const config = parseProcessFlexConfig({
      sensor,
      startMs: START,
      endMs: END,
      flexModel: { power: '15 kW', ...model },
      flexContext: { 'consumption-price-sensor': PRICE_SENSOR },
      sensors: lookup,
    });
    const prices = sensorPrices(PRICE_SENSOR, priceInfo, events, { startMs: START, stepMs: QUARTER, n: config.steps });
    last = scheduleProcess(config, sensor.unit, prices);
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  const on = last!.on.filter(Boolean).length;
  console.log(
    `${name.padEnd(38)} ${ms(times[Math.floor(RUNS / 2)]!)} ${ms(times[RUNS - 1]!)} ${String(on).padStart(9)}  ${last!.info.expected_cost} ${last!.info.expected_cost_unit}`,
  );
}
