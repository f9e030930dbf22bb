/**
 * The hard storage cases (prices 10 + 30·sin with about 8 negative hours a day, round trip 90 %,
 * 4 MWh / 2 MW, 15-minute steps, prefer-charging-sooner off) at 192 and 672 steps, through the HTTP
 * API and the queue: the job reports status `optimal` with a gap of at most 1e-6 (method `dp+lp`),
 * and its expected cost equals HiGHS' proven optimum (gap 1e-9), computed once by
 * scripts/hard-case-optima.ts and committed as a fixture.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useRuntime } from '../../helpers/runtime.js';
import { buildSchedulingWorld, createSensor, schedule, writeValues, type SchedulingWorld } from '../../helpers/scheduling-world.js';
import { HARD_START, hardPrice } from '../../unit/scheduling/hard-cases.js';

useRuntime();
let w: SchedulingWorld;
let priceSensorId: number;
const optima = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/scheduling/hard-case-optima.json'), 'utf8')) as Record<
  string,
  { objective: number }
>;

beforeAll(async () => {
  w = await buildSchedulingWorld();
  const prices = await createSensor(w.assets.scheduling!.market, 'sine prices', 'EUR/MWh', 3_600_000);
  await writeValues(prices, HARD_START, 3_600_000, Array.from({ length: 7 * 24 }, (_, h) => hardPrice(h)));
  priceSensorId = prices.id;
});

describe('the hard negative-price cases through the API and the queue', () => {
  it.each([192, 672])('%i steps: optimal, gap ≤ 1e-6, expected cost = the proven optimum', async (steps) => {
    const { res } = await schedule(
      w.token,
      w.battery.power.id,
      {
        start: new Date(HARD_START).toISOString(),
        duration: `PT${steps / 4}H`,
        'flex-model': {
          'soc-at-start': '2 MWh',
          'soc-min': '0 MWh',
          'soc-max': '4 MWh',
          'power-capacity': '2 MW',
          'roundtrip-efficiency': '90%',
          'prefer-charging-sooner': false,
        },
        'flex-context': { 'consumption-price': { sensor: priceSensorId }, 'production-price': { sensor: priceSensorId } },
      },
      { duration: `PT${steps / 4}H` },
    );
    expect(res.status).toBe(200);
    // The GET serves at most 48 h of values; scheduler_info covers the whole schedule.
    expect(res.body.values).toHaveLength(Math.min(steps, 192));
    expect(res.body.scheduler_info.state_of_charge.values).toHaveLength(steps + 1);
    const solver = res.body.scheduler_info.solver;
    expect(solver).toMatchObject({ method: 'dp+lp', status: 'optimal', problem_class: 'MILP' });
    expect(solver.gap).toBeLessThanOrEqual(1e-6);
    const optimum = optima[String(steps)]!.objective;
    expect(Math.abs(res.body.scheduler_info.expected_cost - optimum)).toBeLessThanOrEqual(1e-6 * Math.abs(optimum));
  });
});
