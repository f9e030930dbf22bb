/**
 * An in-memory belief store, faithful to the port (functions/core/ports/beliefs.ts) and checked by
 * the same contract suite as the real adapters (test/unit/fakes/beliefs.test.ts): insert-if-absent
 * per belief key with new / unchanged / conflict outcomes, `put` that overwrites, the optional
 * `writeNew`, per-source statistics and deletes. It behaves like the DynamoDB adapter where the
 * adapters differ (it tells unchanged re-writes apart, reports stored values, can delete).
 *
 * `failWith` makes chosen calls fail, as an unavailable or broken service would: a rule returning
 * an error for a call makes that call throw it (before it changes anything); each write call writes
 * its beliefs one by one, so a rule on `writes` can also fail a call half-way.
 */
import {
  aggregateStats,
  assertStorable,
  beliefKey,
  compareBeliefs,
  latestPerEventAndSource,
  sameValue,
  uniqueByKey,
  type Belief,
  type BeliefQuery,
  type BeliefStore,
  type InsertOutcome,
  type SourceBeliefStats,
} from '../../functions/core/ports/beliefs.js';

export type BeliefCall = 'query' | 'insert' | 'put' | 'writeNew' | 'stats' | 'deleteSensorData';

/** What a failure rule sees: the call, and for writes how many beliefs this store has written in all so far. */
export interface CallInfo {
  call: BeliefCall;
  written: number;
}

export class InMemoryBeliefStore implements BeliefStore {
  readonly kind = 'dynamodb';
  readonly canDelete = true;
  /** Stored beliefs by key. */
  private readonly stored = new Map<string, Belief>();
  /** Beliefs written since the store was made (every write counts, overwrites too). */
  written = 0;
  /** Makes calls fail: the error to throw, or null to let the call through. */
  failWith: ((info: CallInfo) => Error | null) | null = null;

  constructor(beliefs: readonly Belief[] = []) {
    for (const b of beliefs) this.stored.set(beliefKey(b), normalised(b));
  }

  /** Every stored belief, in read order. */
  all(): Belief[] {
    return [...this.stored.values()].sort(compareBeliefs);
  }

  private check(call: BeliefCall): void {
    const err = this.failWith?.({ call, written: this.written });
    if (err) throw err;
  }

  private write(call: BeliefCall, b: Belief): void {
    this.check(call);
    this.stored.set(beliefKey(b), normalised(b));
    this.written += 1;
  }

  async query(q: BeliefQuery): Promise<Belief[]> {
    this.check('query');
    const sources = q.sourceIds ? new Set(q.sourceIds) : null;
    const found = this.all().filter(
      (b) =>
        b.sensorId === q.sensorId &&
        b.eventStart >= q.from &&
        b.eventStart < q.to &&
        (q.beliefTimeAtMost === undefined || b.beliefTime <= q.beliefTimeAtMost) &&
        (!sources || sources.has(b.sourceId)),
    );
    return q.latestOnly ? latestPerEventAndSource(found) : found;
  }

  async insert(beliefs: readonly Belief[]): Promise<InsertOutcome> {
    assertStorable(beliefs);
    this.check('insert');
    const outcome: InsertOutcome = { inserted: [], unchanged: [], conflicts: [] };
    for (const b of uniqueByKey(beliefs)) {
      const existing = this.stored.get(beliefKey(b));
      if (!existing) {
        this.write('insert', b);
        outcome.inserted.push(b);
      } else if (sameValue(existing.value, normalised(b).value)) outcome.unchanged.push(b);
      else outcome.conflicts.push({ belief: b, storedValue: existing.value });
    }
    return outcome;
  }

  async put(beliefs: readonly Belief[]): Promise<void> {
    assertStorable(beliefs);
    this.check('put');
    for (const b of beliefs) this.write('put', b);
  }

  async writeNew(beliefs: readonly Belief[]): Promise<void> {
    assertStorable(beliefs);
    this.check('writeNew');
    for (const b of uniqueByKey(beliefs)) this.write('writeNew', b);
  }

  async stats(sensorId: number): Promise<SourceBeliefStats[]> {
    this.check('stats');
    return aggregateStats(this.all().filter((b) => b.sensorId === sensorId));
  }

  async deleteSensorData(sensorId: number): Promise<void> {
    this.check('deleteSensorData');
    for (const [key, b] of this.stored) if (b.sensorId === sensorId) this.stored.delete(key);
  }

  async ping(): Promise<boolean> {
    return true;
  }
}

/** A stored copy (values as a store keeps them: -0 is 0). */
function normalised(b: Belief): Belief {
  return { ...b, value: b.value === 0 ? 0 : b.value };
}
