/**
 * The demo day-ahead prices of the local seed: which days, how many hours (DST days too), a
 * plausible daily shape with negative hours, determinism, and belief times that follow day-ahead
 * publication without ever lying in the future.
 */
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  dayPricesRequestPath,
  demoDayPrices,
  demoHourPrice,
  demoPriceBeliefs,
  demoPrices,
  demoPriceWindow,
  DEMO_PRICE_NOISE,
  hashSeed,
  seededRandom,
} from '../../../local/demo-prices.js';
import { knowledgeTime, type KnowledgeHorizon, type SensorTiming } from '../../../functions/core/beliefs/index.js';
import { DAY_AHEAD_KNOWLEDGE_HORIZON } from '../../../local/seed-assets.js';
import { HOUR } from '../../../functions/core/time/index.js';

const AMS = 'Europe/Amsterdam';
const timing: SensorTiming = { eventResolutionMs: HOUR, knowledgeHorizon: DAY_AHEAD_KNOWLEDGE_HORIZON as KnowledgeHorizon, timezone: AMS };
/** Any instant from 2000 to 2100. */
const instant = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') });

describe('demo price window', () => {
  it('covers 7 days before today, today and tomorrow, in Amsterdam days', () => {
    // 00:30 in Amsterdam on 27 March is still 26 March in UTC.
    const window = demoPriceWindow(Date.parse('2025-03-26T23:30:00Z'));
    expect(window.days).toEqual([
      '2025-03-20', '2025-03-21', '2025-03-22', '2025-03-23', '2025-03-24', '2025-03-25', '2025-03-26', '2025-03-27', '2025-03-28',
    ]);
    expect(window.start).toBe(Date.parse('2025-03-20T00:00:00+01:00'));
    expect(window.end).toBe(Date.parse('2025-03-29T00:00:00+01:00'));
  });

  it('is made of whole local days across a DST change (the 23-hour day counts as one)', () => {
    const window = demoPriceWindow(Date.parse('2025-03-31T12:00:00+02:00'));
    expect(window.days[0]).toBe('2025-03-24');
    expect(window.days.at(-1)).toBe('2025-04-01');
    expect(window.start).toBe(Date.parse('2025-03-24T00:00:00+01:00'));
    expect(window.end).toBe(Date.parse('2025-04-02T00:00:00+02:00'));
    expect((window.end - window.start) / HOUR).toBe(9 * 24 - 1);
  });

  it('takes other lengths and refuses nonsense', () => {
    expect(demoPriceWindow(Date.parse('2025-06-15T12:00:00Z'), { pastDays: 1, daysAhead: 1 }).days).toEqual(['2025-06-14', '2025-06-15']);
    expect(() => demoPriceWindow(0, { pastDays: 0, daysAhead: 0 })).toThrow(RangeError);
    expect(() => demoPriceWindow(0, { pastDays: -1 })).toThrow(RangeError);
    expect(() => demoPriceWindow(0, { daysAhead: 1.5 })).toThrow(RangeError);
  });
});

describe('demo prices of a day', () => {
  it('has one price per hour: 24, or 23 and 25 on the days the clocks change', () => {
    expect(demoDayPrices('2025-06-15')).toHaveLength(24);
    expect(demoDayPrices('2025-03-30')).toHaveLength(23);
    const autumn = demoDayPrices('2025-10-26');
    expect(autumn).toHaveLength(25);
    expect(autumn[0]!.eventStart).toBe(Date.parse('2025-10-26T00:00:00+02:00'));
    expect(autumn.at(-1)!.eventStart).toBe(Date.parse('2025-10-26T23:00:00+01:00'));
    autumn.slice(1).forEach((p, i) => expect(p.eventStart - autumn[i]!.eventStart).toBe(HOUR));
  });

  it('depends on the date only: the same every time, different from day to day, cents precision', () => {
    expect(demoDayPrices('2025-06-15')).toEqual(demoDayPrices('2025-06-15'));
    expect(demoDayPrices('2025-06-15').map((p) => p.value)).not.toEqual(demoDayPrices('2025-06-16').map((p) => p.value));
    for (const { value } of demoDayPrices('2025-06-15')) expect(Math.round(value * 100) / 100).toBe(value);
    // Windows generated on different days agree on the days they share.
    const a = demoPrices(Date.parse('2025-06-15T08:00:00Z'));
    const b = demoPrices(Date.parse('2025-06-18T20:00:00Z'));
    const shared = b.filter((p) => p.eventStart < a.at(-1)!.eventStart + HOUR);
    expect(shared.length).toBe(6 * 24);
    expect(shared).toEqual(a.slice(a.length - shared.length));
  });

  it('refuses what is not a date', () => {
    expect(() => demoDayPrices('2025-02-30')).toThrow('No such date');
    expect(() => demoDayPrices('15-06-2025')).toThrow('Not a yyyy-MM-dd date');
  });

  it('has a daily shape: evening peak above morning peak above night, midday solar dip below all three', () => {
    for (const [level, sun] of [[1, 0.2], [1, 0.9], [0.85, 0.8]] as const) {
      const at = (hour: number) => demoHourPrice(hour, level, sun, 0);
      expect(at(19)).toBeGreaterThan(at(8));
      expect(at(8)).toBeGreaterThan(at(3));
      expect(at(13)).toBeLessThan(at(3));
    }
    // A weekend day (demand level ≤ 0.85 × 1.1, sunniness ≥ 0.8) is below zero at 13:00 and 14:00, even with the most noise.
    expect(demoHourPrice(13, 0.935, 0.8, DEMO_PRICE_NOISE)).toBeLessThan(0);
    expect(demoHourPrice(14, 0.935, 0.8, DEMO_PRICE_NOISE)).toBeLessThan(0);
  });

  it('every 9-day window has negative hours and stays within a plausible range', () => {
    fc.assert(
      fc.property(instant, (now) => {
        const prices = demoPrices(now);
        const values = prices.map((p) => p.value);
        expect(prices.length).toBeGreaterThanOrEqual(9 * 24 - 1);
        expect(prices.length).toBeLessThanOrEqual(9 * 24 + 1);
        expect(values.some((v) => v < 0)).toBe(true);
        expect(values.filter((v) => v < 0).length).toBeLessThan(values.length / 4);
        expect(Math.min(...values)).toBeGreaterThan(-80);
        expect(Math.max(...values)).toBeLessThan(200);
        // The evening is dearer than the night on average.
        const hourOf = (t: number) => new Date(t).getUTCHours();
        const mean = (f: (h: number) => boolean) => {
          const picked = prices.filter((p) => f(hourOf(p.eventStart)));
          return picked.reduce((s, p) => s + p.value, 0) / picked.length;
        };
        expect(mean((h) => h >= 16 && h <= 18)).toBeGreaterThan(mean((h) => h >= 1 && h <= 3));
      }),
      { numRuns: 200 },
    );
  });
});

describe('seeded randomness', () => {
  it('is reproducible and spread over [0, 1)', () => {
    const a = seededRandom(hashSeed('x'));
    const b = seededRandom(hashSeed('x'));
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(draws);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(hashSeed('a')).not.toBe(hashSeed('b'));
  });
});

describe('demo prices as beliefs', () => {
  const target = { sensorId: 7, sourceId: 3, timing };

  it('are believed when published (12:00 Paris the day before), or now when not published yet', () => {
    const now = Date.parse('2025-03-27T10:00:00Z'); // 11:00 in Amsterdam: tomorrow's auction has not closed
    const beliefs = demoPriceBeliefs(now, target);
    expect(beliefs).toHaveLength(9 * 24);
    expect(beliefs.map((b) => b.value)).toEqual(demoPrices(now).map((p) => p.value));
    for (const b of beliefs) {
      expect(b).toMatchObject({ sensorId: 7, sourceId: 3, cumulativeProbability: 0.5 });
      expect(b.beliefTime).toBeLessThanOrEqual(now);
    }
    const at = (iso: string) => beliefs.find((b) => b.eventStart === Date.parse(iso))!;
    // Yesterday's and today's prices: published at 12:00 Paris the day before.
    expect(at('2025-03-26T15:00:00+01:00').beliefTime).toBe(Date.parse('2025-03-25T12:00:00+01:00'));
    expect(at('2025-03-27T00:00:00+01:00').beliefTime).toBe(Date.parse('2025-03-26T12:00:00+01:00'));
    // Tomorrow's: not published until today 12:00 Paris, so believed now (a forecast).
    expect(at('2025-03-28T00:00:00+01:00').beliefTime).toBe(now);
    expect(knowledgeTime(Date.parse('2025-03-28T00:00:00+01:00'), timing)).toBe(Date.parse('2025-03-27T12:00:00+01:00'));

    const afterNoon = Date.parse('2025-03-27T13:00:00+01:00');
    const published = demoPriceBeliefs(afterNoon, target).find((b) => b.eventStart === Date.parse('2025-03-28T23:00:00+01:00'))!;
    expect(published.beliefTime).toBe(Date.parse('2025-03-27T12:00:00+01:00'));
  });

  it('never lie in the future and are ex-ante or published exactly (belief horizon ≥ 0)', () => {
    fc.assert(
      fc.property(instant, (now) => {
        for (const b of demoPriceBeliefs(now, target)) {
          expect(b.beliefTime).toBeLessThanOrEqual(now);
          expect(knowledgeTime(b.eventStart, timing) - b.beliefTime).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('need an hourly sensor', () => {
    expect(() => demoPriceBeliefs(0, { ...target, timing: { ...timing, eventResolutionMs: 15 * 60_000 } })).toThrow(RangeError);
  });
});

describe('the request for a day of prices', () => {
  it('names the sensor and the local day with its offset', () => {
    const path = dayPricesRequestPath(12, '2025-03-28', 'EUR/kWh');
    const url = new URL(path, 'http://127.0.0.1:5000');
    expect(url.pathname).toBe('/api/v3_0/sensors/data');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      sensor: 'ea1.2021-01.io.flexmeasures:fm1.12',
      start: '2025-03-28T00:00:00+01:00',
      duration: 'P1D',
      unit: 'EUR/kWh',
    });
    expect(new URL(dayPricesRequestPath(12, '2025-07-01', 'EUR/MWh'), 'http://x').searchParams.get('start')).toBe('2025-07-01T00:00:00+02:00');
  });
});
