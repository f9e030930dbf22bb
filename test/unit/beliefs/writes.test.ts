import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  beliefKey,
  beliefsFromPostedSeries,
  beliefsToWrite,
  classifyWrites,
  defaultTiming,
  sameValue,
  writeStatus,
  type Belief,
  type ClassifiedBelief,
  type PostTargetSensor,
  type PostedSeries,
} from '../../../functions/core/beliefs/index.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';

const t = (iso: string): number => Date.parse(iso);
const START = t('2021-06-07T00:00:00+02:00');
const gas: PostTargetSensor = { id: 1, unit: 'm³/h', timing: defaultTiming(10 * MINUTE) };
const timing = gas.timing;

function post(overrides: Partial<PostedSeries> = {}): Belief[] {
  return beliefsFromPostedSeries(
    { start: START, durationMs: HOUR, values: Array(6).fill(-11.28), unit: 'm³/h', horizonMs: 0, now: 0, sourceId: 7, ...overrides },
    gas,
  ).beliefs;
}

function belief(overrides: Partial<Belief>): Belief {
  return { sensorId: 1, eventStart: START, beliefTime: START + 10 * MINUTE, sourceId: 7, cumulativeProbability: 0.5, value: 1, ...overrides };
}

const classes = (classified: readonly ClassifiedBelief[]) => classified.map((c) => c.classification);

describe('docs/contract/api.md §12.2 item 6: duplicates and replacements', () => {
  const stored = post();

  it('first POST: all new → PROCESSED', () => {
    const classified = classifyWrites([], stored, timing);
    expect(classes(classified)).toEqual(Array(6).fill('new'));
    expect(writeStatus(classified)).toBe('PROCESSED');
    expect(beliefsToWrite(classified)).toEqual(stored);
  });

  it('same again → all unchanged → ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED, nothing written', () => {
    const classified = classifyWrites(stored, post(), timing);
    expect(classes(classified)).toEqual(Array(6).fill('unchanged'));
    expect(writeStatus(classified)).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(beliefsToWrite(classified)).toEqual([]);
  });

  it('values[0] = 100 with the same horizon → replacement → INVALID_REPLACEMENT, nothing written', () => {
    const classified = classifyWrites(stored, post({ values: [100, -11.28, -11.28, -11.28, -11.28, -11.28] }), timing);
    expect(classes(classified)).toEqual(['replacement', 'unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(classified[0]!.existing).toEqual(stored[0]);
    expect(writeStatus(classified)).toBe('INVALID_REPLACEMENT');
    expect(beliefsToWrite(classified)).toEqual([]);
  });

  it('with FLEXMEASURES_ALLOW_DATA_OVERWRITE the replacement is written', () => {
    const incoming = post({ values: [100, -11.28, -11.28, -11.28, -11.28, -11.28] });
    const classified = classifyWrites(stored, incoming, timing);
    expect(writeStatus(classified, true)).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(beliefsToWrite(classified, true)).toEqual([incoming[0]]);
  });
});

describe('classification rules', () => {
  it('a later belief with the same value is unchanged; with a different value it is new', () => {
    const first = belief({ beliefTime: START + HOUR, value: 5 });
    expect(classes(classifyWrites([first], [belief({ beliefTime: START + 2 * HOUR, value: 5 })], timing))).toEqual(['unchanged']);
    expect(classes(classifyWrites([first], [belief({ beliefTime: START + 2 * HOUR, value: 6 })], timing))).toEqual(['new']);
  });

  it('compares with the most recent earlier belief only', () => {
    const history = [belief({ beliefTime: START + HOUR, value: 5 }), belief({ beliefTime: START + 2 * HOUR, value: 6 })];
    // back to 5 after 6: a change, so new
    expect(classes(classifyWrites(history, [belief({ beliefTime: START + 3 * HOUR, value: 5 })], timing))).toEqual(['new']);
    // in between the two, repeating the first: unchanged
    expect(classes(classifyWrites(history, [belief({ beliefTime: START + 1.5 * HOUR, value: 5 })], timing))).toEqual(['unchanged']);
  });

  it('an earlier belief is not compared with later ones', () => {
    const later = belief({ beliefTime: START + 2 * HOUR, value: 5 });
    expect(classes(classifyWrites([later], [belief({ beliefTime: START + HOUR, value: 5 })], timing))).toEqual(['new']);
  });

  it('an ex-post measurement is kept even when it repeats an ex-ante forecast', () => {
    const forecast = belief({ beliefTime: START - HOUR, value: 5 }); // horizon 1 h 10 min > 0
    const measurement = belief({ beliefTime: START + 10 * MINUTE, value: 5 }); // horizon 0
    expect(classes(classifyWrites([forecast], [measurement], timing))).toEqual(['new']);
    // and a second forecast repeating the first one is unchanged
    expect(classes(classifyWrites([forecast], [belief({ beliefTime: START - 30 * MINUTE, value: 5 })], timing))).toEqual(['unchanged']);
  });

  it('only the same sensor, event, source and cp count', () => {
    const stored = belief({ value: 5 });
    for (const other of [
      belief({ value: 5, sensorId: 2 }),
      belief({ value: 5, sourceId: 8 }),
      belief({ value: 5, eventStart: START + 10 * MINUTE, beliefTime: START + 20 * MINUTE }),
      belief({ value: 5, cumulativeProbability: 0.9 }),
    ]) {
      expect(classes(classifyWrites([stored], [other], timing))).toEqual(['new']);
    }
  });

  it('NaN repeats NaN', () => {
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
    expect(sameValue(0, -0)).toBe(true);
    expect(sameValue(1, 2)).toBe(false);
    expect(classes(classifyWrites([belief({ value: Number.NaN })], [belief({ value: Number.NaN })], timing))).toEqual(['unchanged']);
  });

  it('compares incoming beliefs with each other too, whatever their order in the batch', () => {
    const batch = [
      belief({ beliefTime: START + 3 * HOUR, value: 5 }),
      belief({ beliefTime: START + HOUR, value: 5 }),
      belief({ beliefTime: START + HOUR, value: 6 }),
    ];
    // 1 h: 5 is new, then 6 at the same key replaces it; 3 h: 5 differs from the (replaced) 6, so new
    expect(classes(classifyWrites([], batch, timing))).toEqual(['new', 'new', 'replacement']);
    expect(classes(classifyWrites([], batch.slice(0, 2), timing))).toEqual(['unchanged', 'new']);
  });

  it('partly new, partly unchanged → ALREADY_RECEIVED (docs/contract/api.md §10.1 quirk 17); only the new part is written', () => {
    const stored = post({ values: [-11.28, -11.28, -11.28, null, null, null] });
    const incoming = post();
    const classified = classifyWrites(stored, incoming, timing);
    expect(classes(classified)).toEqual(['unchanged', 'unchanged', 'unchanged', 'new', 'new', 'new']);
    expect(writeStatus(classified)).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(beliefsToWrite(classified)).toEqual(incoming.slice(3));
  });

  it('nothing to store (all null) → ALREADY_RECEIVED', () => {
    expect(writeStatus([])).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
  });

  it('beliefKey is the storage key', () => {
    expect(beliefKey(belief({}))).toBe(`1|${START}|7|${START + 10 * MINUTE}|0.5`);
  });

  it('property: re-sending any stored batch is harmless (all unchanged)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(null), fc.integer({ min: -100, max: 100 })), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: -6, max: 6 }),
        (values, horizonSteps) => {
          const series = { values, durationMs: values.length * 10 * MINUTE, horizonMs: horizonSteps * 10 * MINUTE };
          const stored = post(series);
          const classified = classifyWrites(stored, post(series), timing);
          expect(classified.every((c) => c.classification === 'unchanged')).toBe(true);
          expect(beliefsToWrite(classified)).toEqual([]);
        },
      ),
    );
  });
});
