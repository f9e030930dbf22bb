/**
 * Prices as the model uses them: the "prefer-charging-sooner" tie-breaking ramp
 * (docs/contract/storage-scheduling.md §1.7) and the consumption ≥ production check (decision 0025).
 */

/**
 * The tie-breaking ramp of one price series: `rampᵢ = maxPenalty · i/(N−1)`, with
 * `maxPenalty = 0.001 · (max − min)` over the window, or an absolute 0.001 when the series is flat.
 * A single step gets no ramp.
 */
export function tieBreakRamp(prices: readonly number[]): number[] {
  const n = prices.length;
  if (n <= 1) return prices.map(() => 0);
  let min = Infinity;
  let max = -Infinity;
  for (const p of prices) {
    if (p < min) min = p;
    if (p > max) max = p;
  }
  const spread = max - min;
  const maxPenalty = spread > 0 ? 0.001 * spread : 0.001;
  return prices.map((_, i) => (maxPenalty * i) / (n - 1));
}

/** The price series the optimisation uses. */
export interface ModelPrices {
  consumption: number[];
  production: number[];
}

/**
 * Applies the tie-breakers to valid prices (c ≥ p per step). Each series gets its own ramp as in
 * FlexMeasures; where different spreads would push the ramped production price above the ramped
 * consumption price (which makes the LP unbounded, decision 0025), the production price is capped at
 * the consumption price. The cap keeps the production price at or above its un-ramped value.
 */
export function modelPrices(
  consumption: readonly number[],
  production: readonly number[],
  preferChargingSooner: boolean,
): ModelPrices {
  if (!preferChargingSooner) return { consumption: [...consumption], production: [...production] };
  const rc = tieBreakRamp(consumption);
  const rp = tieBreakRamp(production);
  const c = consumption.map((v, i) => v + rc[i]!);
  const p = production.map((v, i) => Math.min(v + rp[i]!, c[i]!));
  return { consumption: c, production: p };
}
