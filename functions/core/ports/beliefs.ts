/**
 * Port of the belief store: where sensor data lives as timely beliefs (docs/contract/beliefs-model.md §1, §6, §7).
 * Two adapters implement it — `stores/dynamodb/beliefs.ts` (DynamoDB, also the local runtime on
 * dynalite) and `stores/timestream/beliefs.ts` (Timestream for LiveAnalytics) — and both must pass
 * the one contract suite in `test/helpers/belief-store-contract.ts`.
 *
 * A belief is identified by (sensor, event start, belief time, source, cumulative probability):
 * the FlexMeasures primary key with the belief *time* in place of the belief *horizon*, which is
 * equivalent for a sensor whose knowledge-horizon function does not change (docs/contract/beliefs-model.md §1).
 *
 * What the store does and does not do:
 * - Reads return **every** stored belief matching the filters (event-start window, belief time,
 *   sources). Choosing the most recent belief per event and source, the horizon filter (which needs
 *   the sensor's knowledge-horizon function), resampling and units belong to `core/beliefs`.
 * - `insert` is insert-if-absent per belief key and reports, per belief, whether it was new, already
 *   stored with the same value (a retried request: harmless), or stored with a different value (a
 *   replacement, which is never written). It does not promise all-or-nothing across keys: the
 *   POST handler reads the source's beliefs first and rejects a replacement before writing anything
 *   (check-then-insert); the conditional insert then only catches a concurrent writer racing it.
 * - `put` overwrites (FLEXMEASURES_ALLOW_DATA_OVERWRITE, and trusted bulk writers such as the
 *   scheduler, the price ingestion and the seed).
 * - `writeNew` (optional) writes beliefs known to be absent, for a writer holding the lease of
 *   their (sensor, source): the POST handler and the CLI import serialise that way.
 */
import { beliefKey, type Belief } from '../beliefs/index.js';

/** One belief (the core's model): a value some source believed, at some time, about one event of one sensor. */
export type { Belief } from '../beliefs/index.js';
export { beliefKey, sameValue } from '../beliefs/index.js';

/** Which beliefs to read. */
export interface BeliefQuery {
  sensorId: number;
  /** Event starts at or after this instant (epoch ms, inclusive). */
  from: number;
  /** Event starts before this instant (epoch ms, exclusive). */
  to: number;
  /** Only beliefs with belief time ≤ this instant (the API's `prior`, inclusive). */
  beliefTimeAtMost?: number;
  /** Only beliefs of these sources (none given: all sources). An empty list matches nothing. */
  sourceIds?: readonly number[];
  /**
   * The caller only needs, per (event start, source, cp), the most recent belief that satisfies the
   * filters above (GET without `horizon`). An adapter may then return just those; it may also ignore
   * the hint. Never set it when a later filter (such as a horizon) could discard the most recent one.
   */
  latestOnly?: boolean;
}

/** A belief that was not written because its key already holds a different value: a replacement. */
export interface BeliefConflict {
  belief: Belief;
  /** The stored value, when the store can tell (Timestream only reports that the values differ). */
  storedValue: number | null;
}

/** What `insert` did with each belief. */
export interface InsertOutcome {
  /** Written now (on Timestream this includes identical values that were already stored: it cannot tell them apart). */
  inserted: Belief[];
  /** Already stored with the same value; nothing written (a retried request). */
  unchanged: Belief[];
  /** Already stored with a different value; not written. */
  conflicts: BeliefConflict[];
}

/**
 * Statistics of one source's beliefs on one sensor, as a store aggregates them (a GROUP BY
 * source): the GET /sensors/<id>/stats endpoint pools them by source name (docs/contract/api.md §6.7).
 */
export interface SourceBeliefStats {
  sourceId: number;
  /** Earliest and latest event start, epoch ms. */
  minEventStart: number;
  maxEventStart: number;
  /** Over non-NaN values; null when every value is NaN. */
  minValue: number | null;
  maxValue: number | null;
  /** Sum over non-NaN values (0 when every value is NaN). */
  sumValues: number;
  /** Number of stored beliefs, NaN values included. */
  countValues: number;
  /** Number of non-NaN values. */
  countNumbers: number;
}

/**
 * A belief this store cannot hold, found before anything was written (e.g. a belief time more than
 * 15 minutes in the future on Timestream, or a date outside years 0000–9999). The message is fit
 * for an API response (a 422, never a 500).
 */
export class UnstorableBeliefError extends Error {
  override readonly name = 'UnstorableBeliefError';
  constructor(
    message: string,
    readonly belief: Belief,
  ) {
    super(message);
  }
}

/**
 * The store refused some beliefs while writing, for reasons other than a replacement (limits,
 * retention). Beliefs of other batches may have been written; `rejected` lists the refused ones.
 */
export class BeliefWriteError extends Error {
  override readonly name = 'BeliefWriteError';
  constructor(
    message: string,
    readonly rejected: readonly { belief: Belief; reason: string }[],
  ) {
    super(message);
  }
}

export interface BeliefStore {
  /** Which adapter this is. */
  readonly kind: 'dynamodb' | 'timestream';
  /** Whether `deleteSensorData` really removes beliefs (Timestream has no deletes). */
  readonly canDelete: boolean;

  /** Every stored belief matching the query, ordered by event start, belief time, source, cp. */
  query(query: BeliefQuery): Promise<Belief[]>;

  /**
   * Insert-if-absent per belief key (see the module comment). Validates every belief first and
   * throws `UnstorableBeliefError` before writing anything; throws `BeliefWriteError` when the
   * service refused beliefs for other reasons. Duplicate keys within one call count once.
   */
  insert(beliefs: readonly Belief[]): Promise<InsertOutcome>;

  /** Writes the beliefs, replacing the values of keys that exist. Same errors as `insert`. */
  put(beliefs: readonly Belief[]): Promise<void>;

  /**
   * Optional fast path for beliefs the caller has just read to be absent while it holds the
   * (sensor, source) write lease (`app/belief-writes.ts`): written in batches without a
   * condition per belief, because no other writer of that source can race it. Same errors as
   * `insert`. A store without a cheaper path than `insert` leaves it out.
   */
  writeNew?(beliefs: readonly Belief[]): Promise<void>;

  /** Per-source statistics over all of a sensor's beliefs, by source id. */
  stats(sensorId: number): Promise<SourceBeliefStats[]>;

  /**
   * Deletes all beliefs of a sensor (DELETE /sensors/<id>), before the sensor itself goes. On a
   * store that cannot delete (`canDelete` false) it resolves without deleting: the beliefs stay,
   * unreachable through the API because sensor ids are never reused.
   */
  deleteSensorData(sensorId: number): Promise<void>;

  /** Readiness: the store answers. */
  ping(): Promise<boolean>;
}

// ---------------------------------------------------------------- helpers shared by the adapters

/** Earliest instant every adapter can key: 0000-01-01T00:00:00.000Z (fixed-width ISO strings sort by time). */
export const MIN_STORABLE_MS = Date.parse('0000-01-01T00:00:00.000Z');
/** Latest instant every adapter can key: 9999-12-31T23:59:59.999Z. */
export const MAX_STORABLE_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Why a belief cannot be stored by any adapter, or null when it can: ids must be non-negative safe
 * integers, instants whole milliseconds within years 0000–9999, cp within [0, 1], and the value a
 * finite number or NaN (infinities have no place in JSON or in either store).
 */
export function unstorableReason(b: Belief): string | null {
  if (!Number.isSafeInteger(b.sensorId) || b.sensorId < 0) return `Invalid sensor id ${b.sensorId}.`;
  if (!Number.isSafeInteger(b.sourceId) || b.sourceId < 0) return `Invalid data source id ${b.sourceId}.`;
  for (const [what, ms] of [['event start', b.eventStart], ['belief time', b.beliefTime]] as const) {
    if (!Number.isSafeInteger(ms) || ms < MIN_STORABLE_MS || ms > MAX_STORABLE_MS) {
      return `The ${what} of a belief must lie between the years 0000 and 9999.`;
    }
  }
  if (!(b.cumulativeProbability >= 0 && b.cumulativeProbability <= 1)) {
    return `Invalid cumulative probability ${b.cumulativeProbability}.`;
  }
  if (typeof b.value !== 'number' || b.value === Infinity || b.value === -Infinity) return `Invalid value ${b.value}.`;
  return null;
}

/** Throws `UnstorableBeliefError` for the first belief no adapter can store. */
export function assertStorable(beliefs: readonly Belief[]): void {
  for (const b of beliefs) {
    const reason = unstorableReason(b);
    if (reason) throw new UnstorableBeliefError(reason, b);
  }
}

/** Keeps the first belief of each key (a request that names a key twice stores it once). */
export function uniqueByKey(beliefs: readonly Belief[]): Belief[] {
  const seen = new Map<string, Belief>();
  for (const b of beliefs) {
    const key = beliefKey(b);
    if (!seen.has(key)) seen.set(key, b);
  }
  return [...seen.values()];
}

/** The port's read order: event start, belief time, source, cp. */
export function compareBeliefs(a: Belief, b: Belief): number {
  return (
    a.eventStart - b.eventStart ||
    a.beliefTime - b.beliefTime ||
    a.sourceId - b.sourceId ||
    a.cumulativeProbability - b.cumulativeProbability
  );
}

/**
 * Per (event start, source, cp), the belief with the latest belief time (what `latestOnly` allows
 * an adapter to return), in read order.
 */
export function latestPerEventAndSource(beliefs: readonly Belief[]): Belief[] {
  const latest = new Map<string, Belief>();
  for (const b of beliefs) {
    const key = `${b.eventStart}|${b.sourceId}|${b.cumulativeProbability}`;
    const seen = latest.get(key);
    if (!seen || b.beliefTime > seen.beliefTime) latest.set(key, b);
  }
  return [...latest.values()].sort(compareBeliefs);
}

/** Per-source statistics over beliefs (what a store without GROUP BY computes in code), by source id. */
export function aggregateStats(beliefs: Iterable<Pick<Belief, 'sourceId' | 'eventStart' | 'value'>>): SourceBeliefStats[] {
  const bySource = new Map<number, SourceBeliefStats>();
  for (const b of beliefs) {
    let s = bySource.get(b.sourceId);
    if (!s) {
      s = { sourceId: b.sourceId, minEventStart: b.eventStart, maxEventStart: b.eventStart, minValue: null, maxValue: null, sumValues: 0, countValues: 0, countNumbers: 0 };
      bySource.set(b.sourceId, s);
    }
    s.countValues += 1;
    if (b.eventStart < s.minEventStart) s.minEventStart = b.eventStart;
    if (b.eventStart > s.maxEventStart) s.maxEventStart = b.eventStart;
    if (Number.isNaN(b.value)) continue;
    s.countNumbers += 1;
    s.sumValues += b.value;
    if (s.minValue === null || b.value < s.minValue) s.minValue = b.value;
    if (s.maxValue === null || b.value > s.maxValue) s.maxValue = b.value;
  }
  return [...bySource.values()].sort((a, b) => a.sourceId - b.sourceId);
}

/** Pools the statistics of several sources (FlexMeasures reports sources sharing a name together). `parts` must not be empty. */
export function poolStats(parts: readonly SourceBeliefStats[]): SourceBeliefStats {
  const min = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  return parts.slice(1).reduce(
    (acc, s) => ({
      sourceId: acc.sourceId,
      minEventStart: Math.min(acc.minEventStart, s.minEventStart),
      maxEventStart: Math.max(acc.maxEventStart, s.maxEventStart),
      minValue: min(acc.minValue, s.minValue),
      maxValue: max(acc.maxValue, s.maxValue),
      sumValues: acc.sumValues + s.sumValues,
      countValues: acc.countValues + s.countValues,
      countNumbers: acc.countNumbers + s.countNumbers,
    }),
    { ...parts[0]! },
  );
}
