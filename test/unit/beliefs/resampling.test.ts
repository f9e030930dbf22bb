import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  chooseResolution,
  defaultInstantaneousResolution,
  reindex,
  resampleEvents,
  valuesOnGrid,
  type EventValue,
} from '../../../functions/core/beliefs/index.js';
import { DAY, HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { EVENT_STARTS, t } from './fixtures.js';

const ev = (minutes: number, value: number, origin = 0): EventValue => ({ eventStart: origin + minutes * MINUTE, value });
const T0 = t('2021-05-01T22:00:00Z');

describe('resolution choice (docs/contract/api.md §7.2 step 1)', () => {
  it('instantaneous sensors: by window length, strict thresholds', () => {
    expect(defaultInstantaneousResolution(HOUR)).toBe(5 * MINUTE);
    expect(defaultInstantaneousResolution(8 * HOUR)).toBe(5 * MINUTE);
    expect(defaultInstantaneousResolution(8 * HOUR + MINUTE)).toBe(15 * MINUTE);
    expect(defaultInstantaneousResolution(48 * HOUR)).toBe(15 * MINUTE);
    expect(defaultInstantaneousResolution(48 * HOUR + MINUTE)).toBe(HOUR);
    expect(defaultInstantaneousResolution(14 * DAY)).toBe(HOUR);
    expect(defaultInstantaneousResolution(14 * DAY + MINUTE)).toBe(24 * HOUR);
    expect(defaultInstantaneousResolution(16 * 7 * DAY)).toBe(24 * HOUR);
    expect(defaultInstantaneousResolution(16 * 7 * DAY + MINUTE)).toBe(168 * HOUR);
  });

  it('requested, else sensor, else by window', () => {
    expect(chooseResolution({ requestedMs: 20 * MINUTE, sensorResolutionMs: 10 * MINUTE, windowMs: HOUR })).toBe(20 * MINUTE);
    expect(chooseResolution({ requestedMs: 7 * MINUTE, sensorResolutionMs: 10 * MINUTE, windowMs: HOUR })).toBe(7 * MINUTE);
    expect(chooseResolution({ sensorResolutionMs: 10 * MINUTE, windowMs: 30 * DAY })).toBe(10 * MINUTE);
    expect(chooseResolution({ sensorResolutionMs: 0, windowMs: 30 * DAY })).toBe(24 * HOUR);
  });
});

describe('downsampling non-instantaneous data', () => {
  it('docs/contract/api.md §12.1 item 1: means of [91.3, 91.7] and [92.1]', () => {
    const events = EVENT_STARTS.map((eventStart, k) => ({ eventStart, value: [91.3, 91.7, 92.1][k]! }));
    expect(resampleEvents(events, 10 * MINUTE, 20 * MINUTE)).toEqual([
      { eventStart: EVENT_STARTS[0], value: 91.5 },
      { eventStart: EVENT_STARTS[2], value: 92.1 },
    ]);
  });

  it('bins follow the clock grid, not the first event', () => {
    expect(resampleEvents([ev(10, 1, T0), ev(20, 3, T0), ev(30, 5, T0)], 10 * MINUTE, 20 * MINUTE)).toEqual([
      { eventStart: T0, value: 1 },
      { eventStart: T0 + 20 * MINUTE, value: 4 },
    ]);
    expect(resampleEvents([ev(0, 1, T0), ev(15, 3, T0)], 15 * MINUTE, HOUR)).toEqual([{ eventStart: T0, value: 2 }]);
  });

  it('an origin shifts the grid', () => {
    expect(resampleEvents([ev(10, 1), ev(20, 3)], 10 * MINUTE, 20 * MINUTE, { origin: 10 * MINUTE })).toEqual([{ eventStart: 10 * MINUTE, value: 2 }]);
  });

  it('ignores NaN and empty parts; all-NaN bins disappear', () => {
    expect(resampleEvents([ev(0, 1), ev(10, Number.NaN), ev(20, Number.NaN)], 10 * MINUTE, 20 * MINUTE)).toEqual([{ eventStart: 0, value: 1 }]);
  });

  it('sums on request', () => {
    expect(resampleEvents([ev(0, 1), ev(10, 2), ev(20, 4)], 10 * MINUTE, 30 * MINUTE, { method: 'sum' })).toEqual([{ eventStart: 0, value: 7 }]);
  });

  it('unsorted input is fine', () => {
    expect(resampleEvents([ev(20, 4), ev(0, 1), ev(10, 2)], 10 * MINUTE, 10 * MINUTE)).toEqual([ev(0, 1), ev(10, 2), ev(20, 4)]);
  });

  it('property: with full bins, downsampling by mean preserves the overall mean', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(2, 3, 4, 6),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (perBin, raw) => {
          const n = Math.floor(raw.length / perBin) * perBin || perBin;
          const values = Array.from({ length: n }, (_, i) => raw[i % raw.length]!);
          const events = values.map((value, i) => ev(i * 5, value, T0));
          const down = resampleEvents(events, 5 * MINUTE, perBin * 5 * MINUTE);
          expect(down).toHaveLength(n / perBin);
          const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
          expect(mean(down.map((e) => e.value))).toBeCloseTo(mean(values), 4);
        },
      ),
    );
  });
});

describe('upsampling', () => {
  it('forward fills flows and intensive values', () => {
    expect(resampleEvents([ev(0, 6), ev(20, 8)], 20 * MINUTE, 10 * MINUTE)).toEqual([ev(0, 6), ev(10, 6), ev(20, 8), ev(30, 8)]);
  });

  it('splits stock values', () => {
    expect(resampleEvents([ev(0, 6), ev(60, 8)], HOUR, 15 * MINUTE, { stock: true })).toEqual([
      ev(0, 1.5), ev(15, 1.5), ev(30, 1.5), ev(45, 1.5), ev(60, 2), ev(75, 2), ev(90, 2), ev(105, 2),
    ]);
  });

  it('a non-multiple target (15 → 10 min) fills the slots inside each event', () => {
    expect(resampleEvents([ev(0, 1), ev(15, 2), ev(30, 3)], 15 * MINUTE, 10 * MINUTE)).toEqual([ev(0, 1), ev(10, 1), ev(20, 2), ev(30, 3), ev(40, 3)]);
  });

  it('NaN stays unknown', () => {
    expect(reindex(resampleEvents([ev(0, Number.NaN)], 20 * MINUTE, 10 * MINUTE), 0, 20 * MINUTE, 10 * MINUTE)).toEqual([null, null]);
  });

  it('property: splitting preserves totals, forward filling preserves the mean', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 24 }),
        fc.constantFrom(2, 3, 4, 6, 12),
        (values, n) => {
          const events = values.map((value, i) => ev(i * 60, value, T0));
          const split = resampleEvents(events, HOUR, HOUR / n, { stock: true });
          expect(split).toHaveLength(values.length * n);
          const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          expect(total(split.map((e) => e.value))).toBeCloseTo(total(values), 4);
          const filled = resampleEvents(events, HOUR, HOUR / n);
          expect(total(filled.map((e) => e.value)) / filled.length).toBeCloseTo(total(values) / values.length, 4);
        },
      ),
    );
  });
});

describe('instantaneous data', () => {
  it('docs/contract/api.md §12.1 item 2: first value per 20-minute bin: 815, 818', () => {
    const events = EVENT_STARTS.map((eventStart, k) => ({ eventStart, value: [815, 817, 818][k]! }));
    expect(resampleEvents(events, 0, 20 * MINUTE)).toEqual([
      { eventStart: EVENT_STARTS[0], value: 815 },
      { eventStart: EVENT_STARTS[2], value: 818 },
    ]);
  });

  it('the first known value wins, whatever the input order; points are binned by floor', () => {
    expect(resampleEvents([ev(14, 3), ev(1, Number.NaN), ev(7, 2)], 0, 15 * MINUTE)).toEqual([{ eventStart: 0, value: 2 }]);
  });

  it('a finer frequency leaves gaps', () => {
    expect(reindex(resampleEvents([ev(0, 1), ev(30, 2)], 0, 10 * MINUTE), 0, 40 * MINUTE, 10 * MINUTE)).toEqual([1, null, null, 2]);
  });
});

describe('reindex and valuesOnGrid', () => {
  it('nulls where nothing is known, only exact grid instants', () => {
    expect(reindex([ev(0, 1), ev(25, 2), ev(40, 3)], 0, 60 * MINUTE, 20 * MINUTE)).toEqual([1, null, 3]);
    expect(reindex([], 0, HOUR, 20 * MINUTE)).toEqual([null, null, null]);
    expect(reindex([ev(60, 1)], 0, HOUR, 20 * MINUTE)).toEqual([null, null, null]);
  });

  it('docs/contract/api.md §12.1 items 1–3 on the grid', () => {
    const start = EVENT_STARTS[0]!;
    const end = start + 80 * MINUTE;
    const gas = EVENT_STARTS.map((eventStart, k) => ({ eventStart, value: [91.3, 91.7, 92.1][k]! }));
    const temperature = EVENT_STARTS.map((eventStart, k) => ({ eventStart, value: [815, 817, 818][k]! }));
    expect(valuesOnGrid({ events: gas, sensorResolutionMs: 10 * MINUTE, start, end, resolutionMs: 20 * MINUTE })).toEqual({
      values: [91.5, 92.1, null, null],
      eventResolutionMs: 20 * MINUTE,
    });
    expect(valuesOnGrid({ events: temperature, sensorResolutionMs: 0, start, end, resolutionMs: 20 * MINUTE })).toEqual({
      values: [815, 818, null, null],
      eventResolutionMs: 0,
    });
    const old = t('1921-05-02T00:00:00+02:00');
    expect(valuesOnGrid({ events: [], sensorResolutionMs: 10 * MINUTE, start: old, end: old + 80 * MINUTE, resolutionMs: 20 * MINUTE }).values).toEqual([
      null, null, null, null,
    ]);
  });

  it('rejects non-positive steps', () => {
    expect(() => resampleEvents([], 10 * MINUTE, 0)).toThrow(RangeError);
    expect(() => resampleEvents([], -1, 10 * MINUTE)).toThrow(RangeError);
    expect(() => reindex([], 0, HOUR, 0)).toThrow(RangeError);
  });
});
