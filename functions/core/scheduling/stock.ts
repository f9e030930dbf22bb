/**
 * Stock (state of charge) dynamics with storage losses (docs/contract/storage-scheduling.md §1.5).
 */

/**
 * The factor `f(ε) = (ε − 1) / ln ε` with which a stock change made at a constant rate over a step
 * survives the exponential decay within that step ("linear" variant). `f(1) = 1`, `f(0) = 0`.
 */
export function lossFactor(efficiency: number): number {
  if (efficiency === 1) return 1;
  if (efficiency <= 0) return 0;
  return (efficiency - 1) / Math.log(efficiency);
}

/**
 * How losses are applied within a step:
 * - `linear`: the change happens at a constant rate during the step (the scheduler's variant);
 * - `left`: the change happens at the start of the step, then the whole stock decays;
 * - `right`: the stock decays, then the change happens at the end of the step.
 */
export type LossVariant = 'linear' | 'left' | 'right';

/**
 * Applies per-step stock changes and storage losses to an initial stock and returns the stock at the
 * start and at the end of every step (length `changes.length + 1`).
 *
 * @param initial stock before the first step
 * @param changes stock change per step (same unit as `initial`), before losses
 * @param efficiencies fraction of stock kept per step (one value for all steps, or one per step)
 * @param variant how losses combine with the change (default `linear`, as the scheduler uses)
 * @param decimals round every value to this many decimals, each rounded value being the start of the
 *   next step as in FlexMeasures (no rounding when omitted)
 */
export function applyStockChangesAndLosses(
  initial: number,
  changes: readonly number[],
  efficiencies: number | readonly number[],
  variant: LossVariant = 'linear',
  decimals?: number,
): number[] {
  const round = decimals === undefined ? (x: number) => x : (x: number) => roundTo(x, decimals);
  let stock = round(initial);
  const out = [stock];
  changes.forEach((change, j) => {
    const eps = typeof efficiencies === 'number' ? efficiencies : (efficiencies[j] ?? 1);
    switch (variant) {
      case 'left':
        stock = (stock + change) * eps;
        break;
      case 'right':
        stock = stock * eps + change;
        break;
      case 'linear':
        stock = stock * eps + change * lossFactor(eps);
        break;
    }
    stock = round(stock);
    out.push(stock);
  });
  return out;
}

/** Rounds half away from zero to `decimals` decimals, and never returns `-0`. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.sign(value) * Math.round(Math.abs(value) * factor + Number.EPSILON * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}
