import { describe, it, expect } from '@jest/globals';
import {
  applyStockChangesAndLosses,
  lossFactor,
  modelPrices,
  roundTo,
  tieBreakRamp,
} from '../../../functions/core/scheduling/index.js';

describe('S1 – storage losses (apply_stock_changes_and_losses)', () => {
  it('"left" variant reproduces FlexMeasures test values', () => {
    expect(applyStockChangesAndLosses(1000, [100, -100, -100, 100], 0.99, 'left', 6)).toEqual([
      1000, 1089, 979.11, 870.3189, 960.615711,
    ]);
    expect(applyStockChangesAndLosses(2.5, [-0.5, -0.5, -0.5, -0.5], 0.9, 'left', 6)).toEqual([2.5, 1.8, 1.17, 0.603, 0.0927]);
  });

  it('"linear" variant (the scheduler\'s) gives the [ref] values', () => {
    expect(applyStockChangesAndLosses(1000, [100, -100, -100, 100], 0.99, 'linear', 6)).toEqual([
      1000, 1089.499162, 979.105008, 869.814795, 960.61581,
    ]);
    expect(applyStockChangesAndLosses(2.5, [-0.5, -0.5, -0.5, -0.5], 0.9, 'linear', 6)).toEqual([
      2.5, 1.775439, 1.123334, 0.53644, 0.008235,
    ]);
  });

  it('"right" variant decays first, then adds the change', () => {
    expect(applyStockChangesAndLosses(10, [1, 1], [0.5, 1], 'right')).toEqual([10, 6, 7]);
  });

  it('f(ε) = (ε−1)/ln ε has the documented magnitudes', () => {
    expect(roundTo(lossFactor(0.9), 6)).toBe(0.949122);
    expect(roundTo(lossFactor(0.99), 6)).toBe(0.994992);
    expect(roundTo(lossFactor(0.999), 6)).toBe(0.9995);
    expect(lossFactor(1)).toBe(1);
    expect(lossFactor(0)).toBe(0);
  });

  it('roundTo never returns -0 and rounds half away from zero', () => {
    expect(Object.is(roundTo(-0.0000001, 6), 0)).toBe(true);
    expect(roundTo(1.0000005, 6)).toBe(1.000001);
    expect(roundTo(-1.0000005, 6)).toBe(-1.000001);
  });
});

describe('prefer-charging-sooner ramp (docs/contract/storage-scheduling.md §1.7)', () => {
  it('ramps from 0 to 0.001 × spread over the window', () => {
    const ramp = tieBreakRamp([100, 90, 100, 110, 90]);
    expect(ramp[0]).toBe(0);
    expect(ramp[4]).toBeCloseTo(0.02, 12);
    expect(ramp[2]).toBeCloseTo(0.01, 12);
  });

  it('uses an absolute 0.001 for a flat series and nothing for a single step', () => {
    expect(tieBreakRamp([90, 90, 90])).toEqual([0, 0.0005, 0.001]);
    expect(tieBreakRamp([42])).toEqual([0]);
  });

  it('is skipped when prefer-charging-sooner is false', () => {
    expect(modelPrices([1, 2], [0, 1], false)).toEqual({ consumption: [1, 2], production: [0, 1] });
  });

  it('never turns c ≥ p into c < p when the spreads differ (decision 0025)', () => {
    // Consumption flat at 100 (ramp 0.001), production 0..99.9999 (ramp ≈ 0.1): without the cap the
    // last step would price production above consumption.
    const c = [100, 100, 100, 100];
    const p = [0, 50, 99.99, 99.9999];
    const m = modelPrices(c, p, true);
    m.consumption.forEach((cj, j) => expect(m.production[j]!).toBeLessThanOrEqual(cj));
    expect(m.production[3]).toBeCloseTo(m.consumption[3]!, 12);
    // Where there is room, the production ramp is applied as specified.
    expect(m.production[1]).toBeCloseTo(50 + (0.001 * 99.9999) / 3, 12);
    m.production.forEach((pj, j) => expect(pj).toBeGreaterThanOrEqual(p[j]!));
  });
});
