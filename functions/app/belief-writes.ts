/**
 * Check-then-insert of one source's beliefs about one sensor, the write use case shared by
 * POST /api/v3_0/sensors/data (functions/app/sensor-data.ts) and the CLI's `import-beliefs` (docs/contract/beliefs-model.md §7, docs/contract/api.md §7.1 rule 11):
 *
 * 0. **lease** — writers of the same (sensor, source) take turns: `withBeliefLease` holds a short
 *    lease in the entity table around plan and apply, so the read in step 1 cannot be overtaken by
 *    another writer of the same source. A writer that finds the lease taken waits a little and
 *    tries again, then gives up with `BeliefWriteBusyError` (a 503 with Retry-After);
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
import { ServiceUnavailableError, StoreUnavailableError } from '../core/errors.js';
import { BeliefWriteError, UnstorableBeliefError, type BeliefConflict, type BeliefStore } from '../core/ports/beliefs.js';
import type { Lease, LeaseStore } from '../core/ports/leases.js';

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A wait of up to `capMs`, growing with the attempt (random, so waiting writers spread out). */
const backoffMs = (attempt: number, baseMs: number, capMs: number): number => Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** attempt));

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
  /**
   * The caller holds the (sensor, source) lease: new beliefs may then be written with the store's
   * batched `writeNew` (when it has one) instead of a conditional insert per belief.
   */
  leased?: boolean;
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
    } else if (options.leased && store.writeNew) {
      await store.writeNew(chunk);
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

// ---------------------------------------------------------------- the lease

/** The lease of one source's beliefs about one sensor. */
export const beliefLeaseName = (sensorId: number, sourceId: number): string => `BELIEFS#${sensorId}#${sourceId}`;

/**
 * The lease was held by another writer for longer than this request is willing to wait: nothing
 * was written, a 503 whose Retry-After says when a retry is likely to get the lease.
 */
export class BeliefWriteBusyError extends ServiceUnavailableError {
  override readonly name = 'BeliefWriteBusyError';
  constructor(
    /** Seconds after which a retry is likely to get the lease. */
    readonly retryAfterSeconds: number,
  ) {
    super('Another request is writing data of this source to this sensor. Please retry shortly.', retryAfterSeconds);
  }
}

/**
 * The belief store failed while the new beliefs were being written: some of them may be stored.
 * Retrying the same request is safe (a 503 with Retry-After): it finds those with the same values
 * (unchanged, never a replacement) and writes the rest.
 */
export class BeliefWriteInterruptedError extends ServiceUnavailableError {
  override readonly name = 'BeliefWriteInterruptedError';
  constructor(override readonly cause: unknown) {
    super('The data could not be stored completely because the belief store failed. Retrying the same request is safe.');
  }
}

export interface LeaseOptions {
  /** How long the lease is held at most (default 60 s): the work must finish well within it. */
  leaseMs?: number;
  /** How long to keep trying for a taken lease before giving up (default 5 s). */
  waitMs?: number;
  /** Clock and waits (tests pass their own). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `work` while holding the (sensor, source) lease, and releases it afterwards (also when
 * `work` throws). Throws `BeliefWriteBusyError` when the lease stays taken for `waitMs`.
 */
export async function withBeliefLease<T>(
  leases: LeaseStore,
  sensorId: number,
  sourceId: number,
  work: () => Promise<T>,
  options: LeaseOptions = {},
): Promise<T> {
  const leaseMs = options.leaseMs ?? 60_000;
  const waitMs = options.waitMs ?? 5_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const name = beliefLeaseName(sensorId, sourceId);
  const started = now();
  let lease: Lease | null = null;
  for (let attempt = 0; ; attempt++) {
    lease = await leases.tryAcquire(name, leaseMs, now());
    if (lease) break;
    const waited = now() - started;
    if (waited >= waitMs) throw new BeliefWriteBusyError(Math.max(1, Math.ceil(waitMs / 1000)));
    // Short first waits (a small POST holds the lease for milliseconds), growing, never past waitMs.
    await sleep(Math.min(waitMs - waited, 10 + backoffMs(Math.min(attempt, 5), 20, 500)));
  }
  try {
    return await work();
  } finally {
    // A failed release must not turn finished work into an error: the lease then simply expires.
    await lease.release().catch(() => undefined);
  }
}

export interface WriteBeliefsOptions extends LeaseOptions {
  /** Serialise with other writers of the same (sensor, source); without it, check-then-insert only. */
  leases?: LeaseStore;
}

/**
 * Plans and applies in one go (POST /sensors/data), under the (sensor, source) lease when `leases`
 * is given; returns the status to answer with. A refusal (limits) stays what it is; any other
 * failure while writing becomes `BeliefWriteInterruptedError`, since a retry of the same request
 * completes a half-done write safely.
 */
export async function writeBeliefs(
  store: BeliefStore,
  incoming: readonly Belief[],
  timing: SensorTiming,
  overwrite = false,
  options: WriteBeliefsOptions = {},
): Promise<WriteStatus> {
  const once = async (leased: boolean) => {
    const plan = await planBeliefWrites(store, incoming, timing, overwrite);
    try {
      return (await applyBeliefWrites(store, plan, { leased })).status;
    } catch (err) {
      // Refusals found before writing, or for good (limits), are not helped by a retry.
      if (err instanceof UnstorableBeliefError || err instanceof BeliefWriteError) throw err;
      throw new BeliefWriteInterruptedError(err);
    }
  };
  if (!options.leases || !incoming.length) return once(false);
  const { sensorId, sourceId } = incoming[0]!;
  return withBeliefLease(options.leases, sensorId, sourceId, () => once(true), options);
}
