/**
 * Write semantics (docs/contract/api.md §7.1 rule 11, docs/contract/beliefs-model.md §7): which incoming beliefs are new, which
 * are unchanged repetitions (skipped), and which would replace a stored value (rejected unless
 * overwriting is allowed). Pure: the stores fetch the relevant stored beliefs and apply the outcome.
 */
import { beliefHorizon } from './timing.js';
import type { Belief, SensorTiming } from './types.js';

/** What to do with one incoming belief. */
export type WriteClassification =
  /** Nothing equal is known yet: store it. */
  | 'new'
  /** Equal to the latest stored belief of the same source, at or before its belief time, on the same ex-ante/ex-post side: skip it. */
  | 'unchanged'
  /** A different value for an already stored (sensor, event start, source, belief time, cp): a replacement. */
  | 'replacement';

/** An incoming belief with its classification (and the stored belief it was compared with, if any). */
export interface ClassifiedBelief {
  belief: Belief;
  classification: WriteClassification;
  /** For `unchanged`: the belief it repeats; for `replacement`: the belief it would replace. */
  existing?: Belief;
}

/** The USEF status of POST /sensors/data for a classified batch. */
export type WriteStatus = 'PROCESSED' | 'ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED' | 'INVALID_REPLACEMENT';

/** The storage key of a belief: (sensor, event start, source, belief time, cumulative probability). */
export function beliefKey(belief: Belief): string {
  return `${belief.sensorId}|${belief.eventStart}|${belief.sourceId}|${belief.beliefTime}|${belief.cumulativeProbability}`;
}

/** Key of the belief history a belief belongs to: all belief times of one (sensor, event, source, cp). */
function historyKey(belief: Belief): string {
  return `${belief.sensorId}|${belief.eventStart}|${belief.sourceId}|${belief.cumulativeProbability}`;
}

/** Value equality for stored floats (NaN equals NaN, as for pandas index matching). */
export function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Ex-ante (horizon > 0) or ex-post (horizon ≤ 0), as FlexMeasures' `drop_unchanged_beliefs` splits them. */
function isExAnte(belief: Belief, timing: SensorTiming): boolean {
  return beliefHorizon(belief.eventStart, belief.beliefTime, timing) > 0;
}

/**
 * Classifies incoming beliefs against stored ones (FlexMeasures' `drop_unchanged_beliefs` followed
 * by the primary-key insert):
 *
 * * **unchanged** — its value equals that of the most recent belief (same sensor, event, source and
 *   cp) with a belief time at or before its own, on the same side of the knowledge time
 *   (ex-ante vs ex-post; an ex-post belief is kept even if it repeats an ex-ante forecast);
 * * **replacement** — otherwise, if a belief with the same key (same belief time) is stored;
 * * **new** — otherwise.
 *
 * Incoming beliefs are also compared with each other (earlier belief times first), so a batch
 * repeating itself is classified as if it had been sent in two requests. `existing` may contain
 * unrelated beliefs; only matching histories are used. The result keeps the input order.
 */
export function classifyWrites(
  existing: readonly Belief[],
  incoming: readonly Belief[],
  timing: SensorTiming,
): ClassifiedBelief[] {
  const histories = new Map<string, Belief[]>();
  for (const belief of existing) {
    const key = historyKey(belief);
    const history = histories.get(key);
    if (history) history.push(belief);
    else histories.set(key, [belief]);
  }

  const order = incoming.map((_, i) => i).sort((a, b) => incoming[a]!.beliefTime - incoming[b]!.beliefTime || a - b);
  const result = new Array<ClassifiedBelief>(incoming.length);

  for (const index of order) {
    const belief = incoming[index]!;
    const key = historyKey(belief);
    const history = histories.get(key) ?? [];
    const exAnte = isExAnte(belief, timing);

    let latest: Belief | undefined;
    let sameKey: Belief | undefined;
    for (const candidate of history) {
      if (candidate.beliefTime === belief.beliefTime) sameKey = candidate;
      if (candidate.beliefTime > belief.beliefTime || isExAnte(candidate, timing) !== exAnte) continue;
      if (!latest || candidate.beliefTime > latest.beliefTime) latest = candidate;
    }

    if (latest && sameValue(latest.value, belief.value)) {
      result[index] = { belief, classification: 'unchanged', existing: latest };
      continue;
    }
    if (sameKey) {
      result[index] = { belief, classification: 'replacement', existing: sameKey };
      history[history.indexOf(sameKey)] = belief;
    } else {
      result[index] = { belief, classification: 'new' };
      history.push(belief);
    }
    histories.set(key, history);
  }
  return result;
}

/**
 * The response status of POST /sensors/data (docs/contract/api.md §7.1): any replacement without permission to
 * overwrite → `INVALID_REPLACEMENT` (and nothing may be written); else any skipped value, or nothing
 * to store at all (e.g. only nulls) → `ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED`, even when part of
 * the batch was new; else `PROCESSED`.
 */
export function writeStatus(classified: readonly ClassifiedBelief[], allowOverwrite = false): WriteStatus {
  if (!allowOverwrite && classified.some((c) => c.classification === 'replacement')) return 'INVALID_REPLACEMENT';
  if (classified.length === 0 || classified.some((c) => c.classification === 'unchanged')) {
    return 'ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED';
  }
  return 'PROCESSED';
}

/**
 * The beliefs a store must write for a classified batch: new ones, plus replacements when
 * overwriting is allowed; nothing at all when a replacement is rejected (a rejected request writes nothing).
 */
export function beliefsToWrite(classified: readonly ClassifiedBelief[], allowOverwrite = false): Belief[] {
  if (writeStatus(classified, allowOverwrite) === 'INVALID_REPLACEMENT') return [];
  return classified
    .filter((c) => c.classification === 'new' || (allowOverwrite && c.classification === 'replacement'))
    .map((c) => c.belief);
}
