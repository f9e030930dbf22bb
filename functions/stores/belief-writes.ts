/**
 * Check-then-insert of one source's beliefs about one sensor, shared by POST /api/v3_0/sensors/data
 * and the CLI's `import-beliefs` (docs/contract/beliefs-model.md §7, docs/contract/api.md §7.1 rule 11):
 *
 * 1. **plan** — read what the source already believes about the incoming events and classify every
 *    incoming belief (core `classifyWrites`: new / unchanged / replacement); a replacement rejects
 *    the whole batch unless overwriting is allowed, before anything is written;
 * 2. **apply** — write the new beliefs with the store's insert-if-absent (`put` when overwriting),
 *    optionally in chunks with progress, so a retried batch stores nothing twice and a racing writer
 *    of a different value is still caught (then the answer is INVALID_REPLACEMENT).
 */
import {
  beliefsToWrite,
  classifyWrites,
  writeStatus,
  type Belief,
  type ClassifiedBelief,
  type SensorTiming,
  type WriteStatus,
} from '../core/beliefs/index.js';
import type { BeliefConflict, BeliefStore } from './ports/beliefs.js';

/** What a batch would do to the store. */
export interface BeliefWritePlan {
  /** The status if nothing changes in between: INVALID_REPLACEMENT means nothing will be written. */
  status: WriteStatus;
  /** Every incoming belief with its classification, in input order. */
  classified: ClassifiedBelief[];
  /** What `applyBeliefWrites` writes (empty when rejected). */
  toWrite: Belief[];
  /** Whether replacements overwrite (FLEXMEASURES_ALLOW_DATA_OVERWRITE, `--allow-overwrite`). */
  overwrite: boolean;
}

/** What applying a plan did. */
export interface BeliefWriteResult {
  /** The final status (a racing writer can turn PROCESSED into INVALID_REPLACEMENT). */
  status: WriteStatus;
  /** Beliefs written. */
  written: number;
  /** Beliefs found already stored with the same value while writing (a concurrent identical writer). */
  unchangedWhileWriting: number;
  /** Beliefs not written because a concurrent writer stored a different value first. */
  conflicts: BeliefConflict[];
}

export interface ApplyOptions {
  /** Beliefs per store call (default: all in one call). */
  chunkSize?: number;
  /** Called after each chunk with the number of beliefs handled so far and the total to write. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Reads the source's stored beliefs about the incoming events and classifies the incoming ones.
 * `incoming` must be about one sensor and come from one source (a programming error otherwise).
 */
export async function planBeliefWrites(
  store: BeliefStore,
  incoming: readonly Belief[],
  timing: SensorTiming,
  overwrite = false,
): Promise<BeliefWritePlan> {
  if (!incoming.length) return { status: writeStatus([]), classified: [], toWrite: [], overwrite };
  const { sensorId, sourceId } = incoming[0]!;
  let from = Infinity;
  let to = -Infinity;
  for (const b of incoming) {
    if (b.sensorId !== sensorId || b.sourceId !== sourceId) throw new Error('planBeliefWrites: beliefs of one sensor and one source only');
    if (b.eventStart < from) from = b.eventStart;
    if (b.eventStart > to) to = b.eventStart;
  }
  const existing = await store.query({ sensorId, from, to: to + 1, sourceIds: [sourceId] });
  const classified = classifyWrites(existing, incoming, timing);
  return {
    status: writeStatus(classified, overwrite),
    classified,
    toWrite: beliefsToWrite(classified, overwrite),
    overwrite,
  };
}

/** Writes a plan's beliefs (nothing for a rejected plan) and reports the final status. */
export async function applyBeliefWrites(store: BeliefStore, plan: BeliefWritePlan, options: ApplyOptions = {}): Promise<BeliefWriteResult> {
  const result: BeliefWriteResult = { status: plan.status, written: 0, unchangedWhileWriting: 0, conflicts: [] };
  const total = plan.toWrite.length;
  if (plan.status === 'INVALID_REPLACEMENT' || !total) return result;
  const size = options.chunkSize && options.chunkSize > 0 ? options.chunkSize : total;
  for (let offset = 0; offset < total; offset += size) {
    const chunk = plan.toWrite.slice(offset, offset + size);
    if (plan.overwrite) {
      await store.put(chunk);
      result.written += chunk.length;
    } else {
      const outcome = await store.insert(chunk);
      result.written += outcome.inserted.length;
      result.unchangedWhileWriting += outcome.unchanged.length;
      result.conflicts.push(...outcome.conflicts);
    }
    options.onProgress?.(Math.min(offset + size, total), total);
  }
  // Only a concurrent writer can make these differ from the plan.
  if (result.conflicts.length) result.status = 'INVALID_REPLACEMENT';
  else if (result.unchangedWhileWriting) result.status = 'ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED';
  return result;
}

/** Plans and applies in one go (POST /sensors/data); returns the status to answer with. */
export async function writeBeliefs(store: BeliefStore, incoming: readonly Belief[], timing: SensorTiming, overwrite = false): Promise<WriteStatus> {
  const plan = await planBeliefWrites(store, incoming, timing, overwrite);
  return (await applyBeliefWrites(store, plan)).status;
}
