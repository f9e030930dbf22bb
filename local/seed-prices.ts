/**
 * Demo prices for a fresh local installation (called by local/seed.ts on the first run, after
 * local/seed-assets.ts created the price sensor): 9 days of hourly day-ahead prices on
 * "Day-ahead prices" (local/demo-prices.ts: 7 days before today, today and tomorrow in
 * Europe/Amsterdam days), so that GET /sensors/data shows tomorrow's prices and a first schedule
 * has prices to work with. "Today" is the clock of functions/lambda/clock.ts (tests set it).
 *
 * The prices are beliefs of their own data source ("Demo price generator", type "demo script"),
 * written through the belief-store port; their belief times follow the sensor's knowledge horizon
 * (published day-ahead at 12:00 Paris time), never later than now.
 */
import type { DataSource, Sensor } from '../functions/core/assets/model.js';
import { timingOf } from '../functions/core/sensor-data.js';
import type { Ports } from '../functions/core/ports/index.js';
import { demoPriceBeliefs, demoPriceWindow, DEMO_PRICE_TIME_ZONE } from './demo-prices.js';

/** The data source of the demo prices. */
export const DEMO_PRICE_SOURCE = {
  name: 'Demo price generator',
  type: 'demo script',
  model: null,
  version: null,
  account_id: null,
  user_id: null,
} as const;

export interface SeededPrices {
  source: DataSource;
  /** Number of hourly prices written. */
  count: number;
  /** The local days with prices (`yyyy-MM-dd`, Europe/Amsterdam), oldest first. */
  days: string[];
}

/** Writes the demo prices of the days around now onto the price sensor; returns what it wrote. */
export async function seedDemoPrices(deps: Pick<Ports, 'assets' | 'beliefs' | 'clock'>, prices: Sensor, at: number = deps.clock()): Promise<SeededPrices> {
  const source = await deps.assets.getOrCreateSource({ ...DEMO_PRICE_SOURCE });
  const beliefs = demoPriceBeliefs(at, { sensorId: prices.id, sourceId: source.id, timing: timingOf(prices) });
  await deps.beliefs.put(beliefs);
  return { source, count: beliefs.length, days: demoPriceWindow(at, { timeZone: DEMO_PRICE_TIME_ZONE }).days };
}
