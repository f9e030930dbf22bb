/**
 * The placement rules against an independent brute force on random instances (integer prices, so
 * sums are exact): for INFLEXIBLE and SHIFTABLE every feasible start is tried; for BREAKABLE every
 * subset of free steps (windows of at most 12 steps). Ties: the earliest start, and for subsets the
 * one whose sorted step list is lexicographically smallest (the earliest steps).
 */
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { placeProcess, type OptimizationSense, type ProcessType } from '../../../functions/core/process/index.js';
import { SchedulingError } from '../../../functions/core/scheduling/errors.js';

interface Instance {
  type: ProcessType;
  sense: OptimizationSense;
  prices: number[];
  restricted: boolean[];
  n: number;
}

/** The brute-force answer: the running steps, or null when nothing fits. */
function bruteForce({ type, sense, prices, restricted, n }: Instance): number[] | null {
  const L = prices.length;
  const m = Math.min(n, L);
  if (m === L) return restricted.some(Boolean) ? null : prices.map((_, i) => i);
  if (m === 0) return [];
  const better = (a: number, b: number) => (sense === 'MIN' ? a < b : a > b);
  if (type === 'BREAKABLE') {
    let best: number[] | null = null;
    let bestCost = 0;
    for (let mask = 0; mask < 1 << L; mask++) {
      const steps: number[] = [];
      for (let i = 0; i < L; i++) if (mask & (1 << i)) steps.push(i);
      if (steps.length !== m || steps.some((i) => restricted[i])) continue;
      const cost = steps.reduce((s, i) => s + prices[i]!, 0);
      if (best === null || better(cost, bestCost) || (cost === bestCost && lexLess(steps, best))) {
        best = steps;
        bestCost = cost;
      }
    }
    return best;
  }
  let bestStart: number | null = null;
  let bestCost = 0;
  for (let s = 0; s + m <= L; s++) {
    const block = Array.from({ length: m }, (_, k) => s + k);
    if (block.some((i) => restricted[i])) continue;
    const cost = type === 'SHIFTABLE' ? block.reduce((sum, i) => sum + prices[i]!, 0) : 0;
    if (bestStart === null || (type === 'SHIFTABLE' && better(cost, bestCost))) {
      bestStart = s;
      bestCost = cost;
    }
  }
  return bestStart === null ? null : Array.from({ length: m }, (_, k) => bestStart! + k);
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** The core's answer in the same form. */
function core(instance: Instance): number[] | null {
  try {
    const on = placeProcess({
      type: instance.type,
      sense: instance.sense,
      blockSteps: instance.n,
      restricted: instance.restricted,
      prices: instance.prices,
      durationText: 'PT1H',
    });
    return on.map((x, i) => (x ? i : -1)).filter((i) => i >= 0);
  } catch (error) {
    if (error instanceof SchedulingError && error.excType === 'ValueError') return null;
    throw error;
  }
}

const instance = (type: ProcessType, maxSteps: number): fc.Arbitrary<Instance> =>
  fc.integer({ min: 1, max: maxSteps }).chain((L) =>
    fc.record({
      type: fc.constant(type),
      sense: fc.constantFrom<OptimizationSense>('MIN', 'MAX'),
      // Few distinct values, so ties are common.
      prices: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: L, maxLength: L }),
      restricted: fc.array(fc.boolean(), { minLength: L, maxLength: L }).map((r) => r.map((x, i) => x && i % 2 === 0)),
      n: fc.integer({ min: 0, max: L + 2 }),
    }),
  );

describe('placement equals the brute force', () => {
  it.each([
    ['INFLEXIBLE', 30],
    ['SHIFTABLE', 30],
    ['BREAKABLE', 12],
  ] as const)('%s (window up to %i steps, 400 instances)', (type, maxSteps) => {
    fc.assert(
      fc.property(instance(type, maxSteps), (inst) => {
        const expected = bruteForce(inst);
        const actual = core(inst);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 400, seed: 17 },
    );
  });

  it('restrictions without the even-step thinning (dense blocks) also agree, all types mixed (400 instances)', () => {
    const dense = fc.constantFrom<ProcessType>('INFLEXIBLE', 'SHIFTABLE', 'BREAKABLE').chain((type) =>
      fc.integer({ min: 1, max: 12 }).chain((L) =>
        fc.record({
          type: fc.constant(type),
          sense: fc.constantFrom<OptimizationSense>('MIN', 'MAX'),
          prices: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: L, maxLength: L }),
          restricted: fc.array(fc.boolean(), { minLength: L, maxLength: L }),
          n: fc.integer({ min: 0, max: L }),
        }),
      ),
    );
    fc.assert(
      fc.property(dense, (inst) => {
        expect(core(inst)).toEqual(bruteForce(inst));
      }),
      { numRuns: 400, seed: 1717 },
    );
  });

  it('ties go to the earliest start and the earliest steps (flat prices)', () => {
    const flat = Array<number>(8).fill(7);
    const free = Array<boolean>(8).fill(false);
    for (const sense of ['MIN', 'MAX'] as const) {
      expect(core({ type: 'SHIFTABLE', sense, prices: flat, restricted: free, n: 3 })).toEqual([0, 1, 2]);
      expect(core({ type: 'BREAKABLE', sense, prices: flat, restricted: free, n: 3 })).toEqual([0, 1, 2]);
    }
  });
});
