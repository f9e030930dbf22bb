/** Synthetic forecast beliefs for the belief benchmarks (store and HTTP). */
import type { Belief } from '../functions/core/beliefs/index.js';

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;

/** `days` of 15-minute events with `perEvent` beliefs each (forecasts made every hour before the event). */
export function forecasts(sensorId: number, start: number, days: number, perEvent: number, sourceId: number): Belief[] {
  const out: Belief[] = [];
  for (let i = 0; i < days * 96; i++) {
    const eventStart = start + i * QUARTER;
    for (let k = 0; k < perEvent; k++) {
      out.push({ sensorId, eventStart, beliefTime: eventStart - (perEvent - k) * 60 * MINUTE, sourceId, cumulativeProbability: 0.5, value: i + k / 10 });
    }
  }
  return out;
}
