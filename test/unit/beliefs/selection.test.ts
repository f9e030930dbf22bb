import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  bySourceId,
  bySourceName,
  defaultTiming,
  filterBeliefs,
  medianBelief,
  mostRecentBeliefs,
  oneValuePerEvent,
  selectBeliefs,
  type Belief,
} from '../../../functions/core/beliefs/index.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { GAS, GAS_BELIEFS, OTHER_SOURCE, SOURCE_NAMES, SUPPLIER_SOURCE, TEMPERATURE, TEMPERATURE_BELIEFS, t } from './fixtures.js';

const START = t('2021-05-02T00:00:00+02:00');
const b = (overrides: Partial<Belief>): Belief => ({
  sensorId: 1,
  eventStart: START,
  beliefTime: START + 10 * MINUTE,
  sourceId: SUPPLIER_SOURCE,
  cumulativeProbability: 0.5,
  value: 1,
  ...overrides,
});

describe('filterBeliefs', () => {
  it('event window: starts ≥ start (inclusive), ends ≤ end (inclusive)', () => {
    const starts = (filter: { start?: number; end?: number }) => filterBeliefs(GAS_BELIEFS, filter, GAS.timing).map((x) => (x.eventStart - START) / MINUTE);
    expect(starts({ start: START, end: START + 30 * MINUTE })).toEqual([0, 10, 20, 0, 10, 20]);
    expect(starts({ start: START + 10 * MINUTE, end: START + 25 * MINUTE })).toEqual([10, 10]);
    expect(starts({ start: START + MINUTE })).toEqual([10, 20, 10, 20]);
    expect(starts({ end: START + 20 * MINUTE })).toEqual([0, 10, 0, 10]);
  });

  it('instantaneous events at the window end are included', () => {
    expect(filterBeliefs(TEMPERATURE_BELIEFS, { start: START, end: START + 20 * MINUTE }, TEMPERATURE.timing)).toHaveLength(3);
  });

  it('prior: belief time ≤ prior (inclusive)', () => {
    expect(filterBeliefs(GAS_BELIEFS, { prior: START + 20 * MINUTE }, GAS.timing).map((x) => x.value)).toEqual([91.3, 91.7, 91.3, Number.NaN]);
  });

  it('horizon: belief horizon ≥ horizon', () => {
    const beliefs = [b({ beliefTime: START - HOUR, value: 1 }), b({ beliefTime: START + 10 * MINUTE, value: 2 }), b({ beliefTime: START + 20 * MINUTE, value: 3 })];
    const values = (horizonMs: number) => filterBeliefs(beliefs, { horizonMs }, GAS.timing).map((x) => x.value);
    expect(values(0)).toEqual([1, 2]);
    expect(values(HOUR)).toEqual([1]);
    expect(values(-10 * MINUTE)).toEqual([1, 2, 3]);
  });

  it('source filter', () => {
    expect(filterBeliefs(GAS_BELIEFS, { sourceIds: [OTHER_SOURCE] }, GAS.timing).every((x) => x.sourceId === OTHER_SOURCE)).toBe(true);
    expect(filterBeliefs(GAS_BELIEFS, { sourceIds: [] }, GAS.timing)).toEqual([]);
  });
});

describe('most recent belief per event and source', () => {
  it('keeps the latest belief time of each source, all cp rows of it', () => {
    const beliefs = [
      b({ beliefTime: START - HOUR, value: 1 }),
      b({ beliefTime: START, value: 2, cumulativeProbability: 0.1 }),
      b({ beliefTime: START, value: 3, cumulativeProbability: 0.9 }),
      b({ beliefTime: START - 2 * HOUR, value: 4, sourceId: OTHER_SOURCE }),
    ];
    expect(mostRecentBeliefs(beliefs).map((x) => x.value)).toEqual([2, 3, 4]);
  });

  it('medianBelief: first cp ≥ 0.5 on the step CDF; a single row whatever its cp', () => {
    expect(medianBelief([b({ cumulativeProbability: 0.9, value: 9 }), b({ cumulativeProbability: 0.1, value: 1 }), b({ cumulativeProbability: 0.5, value: 5 })]).value).toBe(5);
    expect(medianBelief([b({ cumulativeProbability: 0.1, value: 1 }), b({ cumulativeProbability: 0.7, value: 7 })]).value).toBe(7);
    expect(medianBelief([b({ cumulativeProbability: 0.1, value: 1 }), b({ cumulativeProbability: 0.3, value: 3 })]).value).toBe(3);
    expect(medianBelief([b({ cumulativeProbability: 0.2, value: 2 })]).value).toBe(2);
    expect(() => medianBelief([])).toThrow(RangeError);
  });
});

describe('one value per event', () => {
  it('the first source in the order wins', () => {
    const byId = oneValuePerEvent(mostRecentBeliefs(GAS_BELIEFS));
    expect(byId.map((x) => x.sourceId)).toEqual([SUPPLIER_SOURCE, SUPPLIER_SOURCE, SUPPLIER_SOURCE]);
    expect(byId.map((x) => x.value)).toEqual([91.3, 91.7, 92.1]);
    const byName = oneValuePerEvent(mostRecentBeliefs(GAS_BELIEFS), bySourceName(SOURCE_NAMES));
    expect(byName.map((x) => x.sourceId)).toEqual([OTHER_SOURCE, OTHER_SOURCE, OTHER_SOURCE]);
    expect(byName[1]!.value).toBeNaN();
  });

  it('bySourceName: by name, then id; unnamed sources last', () => {
    const order = bySourceName(new Map([[1, 'b'], [2, 'a'], [3, 'a']]));
    expect([4, 1, 3, 2].sort(order)).toEqual([2, 3, 1, 4]);
    expect([5, 4].sort(bySourceId)).toEqual([4, 5]);
  });

  it('selectBeliefs composes filter, most recent and one value per event (sorted)', () => {
    const beliefs = [
      b({ eventStart: START + 10 * MINUTE, beliefTime: START + 20 * MINUTE, value: 7 }),
      b({ beliefTime: START + 10 * MINUTE, value: 1 }),
      b({ beliefTime: START + 30 * MINUTE, value: 2 }),
    ];
    expect(selectBeliefs(beliefs, { horizonMs: -10 * MINUTE }, GAS.timing).map((x) => [x.eventStart - START, x.value])).toEqual([
      [0, 1],
      [10 * MINUTE, 7],
    ]);
    expect(selectBeliefs(beliefs, {}, GAS.timing).map((x) => x.value)).toEqual([2, 7]);
  });

  it('property: one value per event, the latest belief of the winning source', () => {
    const arbitraryBelief = fc.record({
      sensorId: fc.constant(1),
      eventStart: fc.integer({ min: 0, max: 5 }).map((k) => START + k * 10 * MINUTE),
      beliefTime: fc.integer({ min: -12, max: 12 }).map((k) => START + k * 10 * MINUTE),
      sourceId: fc.integer({ min: 1, max: 3 }),
      cumulativeProbability: fc.constant(0.5),
      value: fc.integer({ min: -50, max: 50 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryBelief, { selector: (x) => `${x.eventStart}|${x.beliefTime}|${x.sourceId}` }), (beliefs) => {
        const selected = selectBeliefs(beliefs, {}, GAS.timing);
        expect(new Set(selected.map((x) => x.eventStart)).size).toBe(selected.length);
        expect(selected.length).toBe(new Set(beliefs.map((x) => x.eventStart)).size);
        for (const choice of selected) {
          const about = beliefs.filter((x) => x.eventStart === choice.eventStart);
          expect(choice.sourceId).toBe(Math.min(...about.map((x) => x.sourceId)));
          const own = about.filter((x) => x.sourceId === choice.sourceId);
          expect(choice.beliefTime).toBe(Math.max(...own.map((x) => x.beliefTime)));
          expect(choice.value).toBe(own.find((x) => x.beliefTime === choice.beliefTime)!.value);
        }
      }),
    );
  });
});
