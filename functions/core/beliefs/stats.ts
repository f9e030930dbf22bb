/**
 * Per-source statistics of a sensor's stored beliefs, for GET /api/v3_0/sensors/<id>/stats
 * (docs/contract/api.md §6.7).
 */
import type { Belief } from './types.js';

/** Statistics of one data source's stored values. Value statistics are null when all values are NaN. */
export interface SourceStats {
  /** Earliest event start, epoch ms. */
  minEventStart: number;
  /** Latest event start, epoch ms. */
  maxEventStart: number;
  minValue: number | null;
  maxValue: number | null;
  meanValue: number | null;
  sumValues: number | null;
  /** Number of stored values, NaN included. */
  countValues: number;
}

/**
 * Statistics per data source **name** (sources sharing a name are pooled, as FlexMeasures groups by
 * name): min/max event start and count over all stored beliefs (every belief time, NaN included),
 * min/max/mean/sum over the non-NaN values. Keys are sorted; no beliefs → `{}`.
 */
export function statsBySourceName(
  beliefs: readonly Pick<Belief, 'eventStart' | 'sourceId' | 'value'>[],
  sourceName: (sourceId: number) => string,
): Record<string, SourceStats> {
  interface Acc {
    minEventStart: number;
    maxEventStart: number;
    min: number;
    max: number;
    sum: number;
    known: number;
    count: number;
  }
  const accs = new Map<string, Acc>();
  for (const { eventStart, sourceId, value } of beliefs) {
    const name = sourceName(sourceId);
    let acc = accs.get(name);
    if (!acc) {
      acc = { minEventStart: eventStart, maxEventStart: eventStart, min: Infinity, max: -Infinity, sum: 0, known: 0, count: 0 };
      accs.set(name, acc);
    }
    acc.count += 1;
    if (eventStart < acc.minEventStart) acc.minEventStart = eventStart;
    if (eventStart > acc.maxEventStart) acc.maxEventStart = eventStart;
    if (Number.isNaN(value)) continue;
    acc.known += 1;
    acc.sum += value;
    if (value < acc.min) acc.min = value;
    if (value > acc.max) acc.max = value;
  }
  const out: Record<string, SourceStats> = {};
  for (const name of [...accs.keys()].sort()) {
    const acc = accs.get(name)!;
    const any = acc.known > 0;
    out[name] = {
      minEventStart: acc.minEventStart,
      maxEventStart: acc.maxEventStart,
      minValue: any ? acc.min : null,
      maxValue: any ? acc.max : null,
      meanValue: any ? acc.sum / acc.known : null,
      sumValues: any ? acc.sum : null,
      countValues: acc.count,
    };
  }
  return out;
}
