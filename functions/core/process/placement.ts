/**
 * Placing a process (a load that runs for a given time at a constant power) in a planning window:
 * FlexMeasures' ProcessScheduler rules, as pure functions over step indices.
 *
 * - INFLEXIBLE: the earliest start at which the whole block avoids every restricted step; prices
 *   play no role.
 * - SHIFTABLE: one contiguous block of unrestricted steps whose price sum is the lowest (MIN) or the
 *   highest (MAX); the earliest start wins a tie.
 * - BREAKABLE: the cheapest (MIN) or dearest (MAX) individual unrestricted steps; the earlier step
 *   wins a tie.
 * - A process at least as long as the window runs in every step (whatever its type), and cannot
 *   then respect any time restriction.
 *
 * The cost of a step is its price value: the power is constant, so ranking by price is ranking by
 * cost. Failures are `SchedulingError`s of type `ValueError`, with the texts the API reports.
 */
import { SchedulingError } from '../scheduling/errors.js';

export const PROCESS_TYPES = ['INFLEXIBLE', 'BREAKABLE', 'SHIFTABLE'] as const;
export type ProcessType = (typeof PROCESS_TYPES)[number];
export const OPTIMIZATION_SENSES = ['MAX', 'MIN'] as const;
export type OptimizationSense = (typeof OPTIMIZATION_SENSES)[number];

/** One placement problem on the schedule grid. */
export interface ProcessPlacement {
  type: ProcessType;
  sense: OptimizationSense;
  /** Number of steps the process needs: ⌈duration / resolution⌉ (0 is allowed: nothing runs). */
  blockSteps: number;
  /** One entry per step of the window: whether the process may not run in it. */
  restricted: readonly boolean[];
  /** Price per step (no gaps); required for SHIFTABLE and BREAKABLE, ignored by INFLEXIBLE. */
  prices?: readonly number[];
  /** The process duration as shown in messages, e.g. `PT4H`. */
  durationText: string;
}

/** The failure when the process does not fit around the time restrictions. */
export function cannotAllocateMessage(durationText: string): string {
  return `Cannot allocate a block of time ${durationText} given the time restrictions provided`;
}

/** The failure when a process spanning the whole window meets a time restriction. */
export const WHOLE_WINDOW_RESTRICTED =
  'Cannot handle time restrictions if the duration of the process exceeds that of the schedule window';

const valueError = (text: string) => new SchedulingError('ValueError', text);

/** Which steps the process runs in (one boolean per step of the window). Throws `SchedulingError` (ValueError). */
export function placeProcess(p: ProcessPlacement): boolean[] {
  const L = p.restricted.length;
  const n = Math.min(Math.max(0, p.blockSteps), L);
  const on = new Array<boolean>(L).fill(false);
  if (L === 0) return on;
  if (n === L) {
    if (p.restricted.some(Boolean)) throw valueError(WHOLE_WINDOW_RESTRICTED);
    return on.fill(true);
  }
  if (n === 0) return on;
  if (p.type !== 'INFLEXIBLE') requirePrices(p, L);

  if (p.type === 'BREAKABLE') {
    const free: number[] = [];
    for (let i = 0; i < L; i++) if (!p.restricted[i]) free.push(i);
    if (free.length < n) throw valueError(cannotAllocateMessage(p.durationText));
    const prices = p.prices!;
    const sign = p.sense === 'MIN' ? 1 : -1;
    // Stable order: price (ascending for MIN, descending for MAX), then time ascending.
    free.sort((a, b) => sign * (prices[a]! - prices[b]!) || a - b);
    for (const i of free.slice(0, n)) on[i] = true;
    return on;
  }

  const starts = validStarts(p.restricted, n);
  if (starts.length === 0) throw valueError(cannotAllocateMessage(p.durationText));
  let best = starts[0]!;
  if (p.type === 'SHIFTABLE') {
    const costs = blockCosts(p.prices!, n);
    let bestCost = costs[best]!;
    for (const s of starts) {
      const cost = costs[s]!;
      // Sums that differ only by rounding count as equal, so the earlier start keeps a tie.
      const tolerance = 1e-9 * Math.max(1, Math.abs(bestCost));
      if (p.sense === 'MIN' ? cost < bestCost - tolerance : cost > bestCost + tolerance) {
        best = s;
        bestCost = cost;
      }
    }
  }
  for (let i = best; i < best + n; i++) on[i] = true;
  return on;
}

/** Starts `i` (ascending) at which the block `i … i+n−1` lies inside the window and avoids every restricted step. */
export function validStarts(restricted: readonly boolean[], n: number): number[] {
  const out: number[] = [];
  let freeRun = 0;
  // freeRun = number of consecutive unrestricted steps ending at i.
  for (let i = 0; i < restricted.length; i++) {
    freeRun = restricted[i] ? 0 : freeRun + 1;
    if (freeRun >= n) out.push(i - n + 1);
  }
  return out;
}

/** Sum of the prices of the block starting at `start` (summed left to right). */
export function blockCost(prices: readonly number[], start: number, n: number): number {
  let sum = 0;
  for (let i = start; i < start + n; i++) sum += prices[i]!;
  return sum;
}

/**
 * The price sum of the block at every start `0 … L−n` (a sliding sum: linear in the window length
 * whatever the block length), summed afresh every 256 starts so rounding cannot build up.
 */
export function blockCosts(prices: readonly number[], n: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let s = 0; s + n <= prices.length; s++) {
    if (s % 256 === 0) sum = blockCost(prices, s, n);
    else sum += prices[s + n - 1]! - prices[s - 1]!;
    out.push(sum);
  }
  return out;
}

function requirePrices(p: ProcessPlacement, L: number): void {
  if (!p.prices || p.prices.length !== L || p.prices.some((x) => !Number.isFinite(x))) {
    throw new SchedulingError('UnknownPricesException', 'Prices unknown for planning window');
  }
}

/**
 * The restriction mask of a window: a step is restricted when its start lies in one of the
 * intervals `[start, end)` (overlapping a restriction is not enough).
 */
export function restrictionMask(
  grid: { startMs: number; stepMs: number; n: number },
  intervals: readonly { startMs: number; endMs: number }[],
): boolean[] {
  return Array.from({ length: grid.n }, (_, j) => {
    const t = grid.startMs + j * grid.stepMs;
    return intervals.some((r) => r.startMs <= t && t < r.endMs);
  });
}
