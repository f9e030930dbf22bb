/**
 * Query semantics (docs/contract/beliefs-model.md §6, docs/contract/api.md §7.2 step 2): filter beliefs by event window, `prior`,
 * `horizon` and source; per event and source keep the most recent belief; then one deterministic
 * value per event, the first source in a deterministic source order winning.
 */
import { beliefHorizon } from './timing.js';
import type { Belief, EventValue, SensorTiming } from './types.js';

/** Filters of a belief search (timely-beliefs `search_session`, as GET /sensors/data uses them). */
export interface BeliefFilter {
  /** Keep events starting at or after this instant (`event_starts_after`, inclusive). */
  start?: number;
  /** Keep events ending at or before this instant (`event_ends_before`, inclusive). */
  end?: number;
  /** `prior` (= `beliefs_before`): keep beliefs with belief time ≤ prior. */
  prior?: number;
  /** `horizon` (= `horizons_at_least`): keep beliefs with belief horizon ≥ horizon. */
  horizonMs?: number;
  /** Keep only these sources. */
  sourceIds?: readonly number[];
}

/** Orders sources; the first one wins when several sources know the same event. */
export type SourceOrder = (a: number, b: number) => number;

/** Default source order: ascending source id. */
export const bySourceId: SourceOrder = (a, b) => a - b;

/**
 * timely-beliefs' source order: by source name (`BeliefSource.__lt__`), then id for equal names.
 * Sources missing from `names` sort after named ones, by id.
 */
export function bySourceName(names: ReadonlyMap<number, string>): SourceOrder {
  return (a, b) => {
    const na = names.get(a);
    const nb = names.get(b);
    if (na !== undefined && nb !== undefined && na !== nb) return na < nb ? -1 : 1;
    if (na === undefined && nb !== undefined) return 1;
    if (na !== undefined && nb === undefined) return -1;
    return a - b;
  };
}

/** Applies the event-window, prior, horizon and source filters. */
export function filterBeliefs(beliefs: readonly Belief[], filter: BeliefFilter, timing: SensorTiming): Belief[] {
  const resolution = timing.eventResolutionMs;
  const sources = filter.sourceIds ? new Set(filter.sourceIds) : null;
  return beliefs.filter((b) => {
    if (filter.start !== undefined && b.eventStart < filter.start) return false;
    if (filter.end !== undefined && b.eventStart + resolution > filter.end) return false;
    if (sources && !sources.has(b.sourceId)) return false;
    if (filter.prior !== undefined && b.beliefTime > filter.prior) return false;
    if (filter.horizonMs !== undefined && beliefHorizon(b.eventStart, b.beliefTime, timing) < filter.horizonMs) return false;
    return true;
  });
}

/**
 * Per event and source, the beliefs of the most recent belief time (minimum belief horizon), all
 * their cumulative-probability rows included (`most_recent_beliefs_only`).
 */
export function mostRecentBeliefs(beliefs: readonly Belief[]): Belief[] {
  const latest = new Map<string, number>();
  for (const b of beliefs) {
    const key = `${b.sensorId}|${b.eventStart}|${b.sourceId}`;
    const t = latest.get(key);
    if (t === undefined || b.beliefTime > t) latest.set(key, b.beliefTime);
  }
  return beliefs.filter((b) => latest.get(`${b.sensorId}|${b.eventStart}|${b.sourceId}`) === b.beliefTime);
}

/**
 * The deterministic value of one probabilistic belief (rows of equal event, source and belief
 * time): the median of its step CDF, i.e. the first row with cp ≥ 0.5, else the highest cp. A single
 * row is deterministic whatever its cp (docs/contract/beliefs-model.md §5).
 */
export function medianBelief(rows: readonly Belief[]): Belief {
  if (rows.length === 0) throw new RangeError('medianBelief needs at least one row');
  const sorted = rows.slice().sort((a, b) => a.cumulativeProbability - b.cumulativeProbability);
  return sorted.find((r) => r.cumulativeProbability >= 0.5) ?? sorted[sorted.length - 1]!;
}

/** One selected value per event, with where it came from. */
export interface SelectedValue extends EventValue {
  sourceId: number;
  beliefTime: number;
}

/**
 * One value per event from the most recent beliefs: per (event, source) the median belief, then the
 * first source in `order` (default: ascending id) wins. Sorted by event start.
 */
export function oneValuePerEvent(mostRecent: readonly Belief[], order: SourceOrder = bySourceId): SelectedValue[] {
  const groups = new Map<number, Map<number, Belief[]>>();
  for (const b of mostRecent) {
    let bySource = groups.get(b.eventStart);
    if (!bySource) groups.set(b.eventStart, (bySource = new Map()));
    const rows = bySource.get(b.sourceId);
    if (rows) rows.push(b);
    else bySource.set(b.sourceId, [b]);
  }
  const out: SelectedValue[] = [];
  for (const [eventStart, bySource] of groups) {
    const [winner] = [...bySource.keys()].sort(order);
    const belief = medianBelief(bySource.get(winner!)!);
    out.push({ eventStart, value: belief.value, sourceId: belief.sourceId, beliefTime: belief.beliefTime });
  }
  return out.sort((a, b) => a.eventStart - b.eventStart);
}

/**
 * The full selection of GET /sensors/data (docs/contract/beliefs-model.md §6): filter, most recent belief per event and
 * source, one value per event.
 */
export function selectBeliefs(
  beliefs: readonly Belief[],
  filter: BeliefFilter,
  timing: SensorTiming,
  order: SourceOrder = bySourceId,
): SelectedValue[] {
  return oneValuePerEvent(mostRecentBeliefs(filterBeliefs(beliefs, filter, timing)), order);
}
