/**
 * The DynamoDB belief store (docs/contract/aws-services.md §2.1), used by the local runtime (dynalite) and
 * selectable in the cloud with `BELIEF_STORE=dynamodb`.
 *
 * Keys (table BELIEF_TABLE):
 * - a belief: `pk = S#<sensor>#<YYYY-MM>` (UTC month of the event start),
 *   `sk = <event start ISO>#<belief time ISO>#<source, 10 digits>#<cp>`; attributes `es`, `bt`
 *   (epoch ms), `src`, `cp`, and `v` (the value; NULL for NaN, a string for doubles outside
 *   DynamoDB's number range such as 5e-324). Fixed-width ISO strings sort by time, so one month's events in a window are one `sk BETWEEN` range query, half-open because
 *   every key of an event starting exactly at the window end is `<end ISO>#…` > `<end ISO>`.
 * - packed beliefs (decision 0151): in the same partition, `sk = <event day>#P#<source>#<belief day>`
 *   holds one source's beliefs about one UTC day formed on one UTC day, as JSON in `d`, with `src`,
 *   `bt` (the earliest belief time, for the prior filter), `n` and a version `ver`. It sorts just
 *   before the per-belief keys of its day, so a window is still one range query per month (from
 *   the window's first day), read in both layouts.
 * - the months a sensor has data in: `pk = S#<sensor>#BUCKETS`, `sk = <YYYY-MM>`, written before
 *   the beliefs of that month, so statistics and deletes find every bucket without a scan.
 *
 * Writes: `insert` is a conditional PutItem per belief (`attribute_not_exists(pk)`), in parallel:
 * a retried request finds its own identical values (unchanged), a different value is a conflict and
 * is not written, and a concurrent writer of the same key is detected rather than overwritten.
 * `writeNew` (new beliefs of a writer holding the (sensor, source) lease) merges them into packed
 * items, each a conditional put on its version (optimistic concurrency). `insert` and `put` first
 * settle beliefs whose packed item already holds their key, so no key is stored twice. `put` and
 * deletes use BatchWriteItem in 25s, several in flight, retrying UnprocessedItems with back-off.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { backoffMs, mapLimit, sleep as realSleep } from '../../core/pool.js';
import {
  aggregateStats,
  assertStorable,
  beliefKey,
  compareBeliefs,
  latestPerEventAndSource,
  MAX_STORABLE_MS,
  MIN_STORABLE_MS,
  sameValue,
  uniqueByKey,
  type Belief,
  type BeliefQuery,
  type BeliefStore,
  type InsertOutcome,
  type SourceBeliefStats,
} from '../../core/ports/beliefs.js';
import { fitsDynamoNumber } from './items.js';
import { BELIEF_TABLE } from './tables.js';
import { DynamoTable, NEW_ITEM, type TableOptions } from './toolkit.js';

// ---------------------------------------------------------------- keys

const iso = (ms: number) => new Date(ms).toISOString();

/** `YYYY-MM` of an instant (UTC). */
export function monthOf(ms: number): string {
  return iso(ms).slice(0, 7);
}

/** The partition of a sensor's beliefs about events starting in one UTC month. */
export function beliefPartition(sensorId: number, month: string): string {
  return `S#${sensorId}#${month}`;
}

/** The partition listing the months a sensor has beliefs in. */
export function bucketIndexPartition(sensorId: number): string {
  return `S#${sensorId}#BUCKETS`;
}

/** `<event start>#<belief time>#<source, zero-padded>#<cp>`. */
export function beliefSortKey(b: Pick<Belief, 'eventStart' | 'beliefTime' | 'sourceId' | 'cumulativeProbability'>): string {
  return `${iso(b.eventStart)}#${iso(b.beliefTime)}#${String(b.sourceId).padStart(10, '0')}#${b.cumulativeProbability}`;
}

/**
 * The stored form of a value: a DynamoDB number, NULL for NaN, and a string for the finite doubles
 * DynamoDB numbers cannot hold (magnitudes below 1e-130, e.g. 5e-324, or from 1e126 up).
 */
export function encodeValue(value: number): number | string | null {
  if (Number.isNaN(value)) return null;
  return fitsDynamoNumber(value) ? value : String(value);
}

/** The value of a stored `v`. */
export function decodeValue(v: unknown): number {
  return v === null || v === undefined ? NaN : Number(v);
}

/** The item stored for a belief. */
export function beliefItem(b: Belief): Record<string, unknown> {
  return {
    pk: beliefPartition(b.sensorId, monthOf(b.eventStart)),
    sk: beliefSortKey(b),
    es: b.eventStart,
    bt: b.beliefTime,
    src: b.sourceId,
    cp: b.cumulativeProbability,
    v: encodeValue(b.value),
  };
}

function fromItem(sensorId: number, item: Record<string, unknown>): Belief {
  return {
    sensorId,
    eventStart: Number(item.es),
    beliefTime: Number(item.bt),
    sourceId: Number(item.src),
    cumulativeProbability: Number(item.cp),
    value: decodeValue(item.v),
  };
}

// ---------------------------------------------------------------- packed items (layout 2)

/**
 * At most this many beliefs share one packed item (≈ 40 bytes each as JSON, so an item stays far
 * below DynamoDB's 400 KB limit); beliefs beyond it are stored one per item.
 */
export const PACKED_LIMIT = 4000;

const dayOf = (ms: number) => iso(ms).slice(0, 10);

/**
 * The sort key of the packed item holding one source's beliefs about the events of one UTC day,
 * formed on one UTC day: `<event day>#P#<source, zero-padded>#<belief day>`. A day keeps the
 * number of requests of a large write small (a week of one-minute values is seven items; on
 * DynamoDB and dynalite alike the requests, more than the bytes, set the time), and the split by
 * belief day keeps repeated forecasts of one day in separate items. The key sorts just before every
 * per-belief key of that day (`#` < `T`), so one range query from the first day on finds both layouts.
 */
export function packedSortKey(b: Pick<Belief, 'eventStart' | 'beliefTime' | 'sourceId'>): string {
  return `${dayOf(b.eventStart)}#P#${String(b.sourceId).padStart(10, '0')}#${dayOf(b.beliefTime)}`;
}

/** The sensor of a belief item, from its partition key `S#<sensor>#<month>`. */
const sensorOfItem = (item: Record<string, unknown>) => Number(String(item.pk).split('#')[1]);

/** Whether a stored item is a packed one. */
const isPacked = (item: Record<string, unknown>) => typeof item.d === 'string';

/** A packed item's beliefs: `d` is JSON `[[event start, belief time, cp, value], …]`, null for NaN. */
export function unpack(sensorId: number, item: Record<string, unknown>): Belief[] {
  const sourceId = Number(item.src);
  return (JSON.parse(String(item.d)) as [number, number, number, number | null][]).map(([eventStart, beliefTime, cumulativeProbability, value]) => ({
    sensorId,
    sourceId,
    eventStart,
    beliefTime,
    cumulativeProbability,
    value: value === null ? NaN : value,
  }));
}

/** The packed item of beliefs sharing one packed key (`src` for filters, `bt` = the earliest belief time, `ver` for optimistic concurrency). */
export function packedItem(pk: string, sk: string, beliefs: readonly Belief[], version: number): Record<string, unknown> {
  return {
    pk,
    sk,
    src: beliefs[0]!.sourceId,
    bt: Math.min(...beliefs.map((b) => b.beliefTime)),
    n: beliefs.length,
    ver: version,
    d: JSON.stringify(beliefs.map((b) => [b.eventStart, b.beliefTime, b.cumulativeProbability, Number.isNaN(b.value) ? null : b.value])),
  };
}

/** Beliefs grouped by the packed item they belong in. */
function byPackedKey(beliefs: readonly Belief[]): Map<string, { pk: string; sk: string; beliefs: Belief[] }> {
  const groups = new Map<string, { pk: string; sk: string; beliefs: Belief[] }>();
  for (const b of beliefs) {
    const pk = beliefPartition(b.sensorId, monthOf(b.eventStart));
    const sk = packedSortKey(b);
    const id = `${pk}\u0000${sk}`;
    const group = groups.get(id);
    if (group) group.beliefs.push(b);
    else groups.set(id, { pk, sk, beliefs: [b] });
  }
  return groups;
}

/** The UTC months from the one of `first` to the one of `last`, inclusive. */
export function monthsBetween(first: number, last: number): string[] {
  const out: string[] = [];
  const d = new Date(first);
  let year = d.getUTCFullYear();
  let month = d.getUTCMonth();
  const end = new Date(last);
  const endYear = end.getUTCFullYear();
  const endMonth = end.getUTCMonth();
  while (year < endYear || (year === endYear && month <= endMonth)) {
    out.push(`${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return out;
}

// ---------------------------------------------------------------- adapter

export interface DynamoBeliefStoreOptions extends TableOptions {
  /** Conditional writes in flight (default 32). */
  writeConcurrency?: number;
  /** Month-bucket queries in flight (default 8). */
  readConcurrency?: number;
  /** Attempts for unprocessed items of BatchWriteItem and BatchGetItem before giving up (default 10). */
  maxBatchAttempts?: number;
  /** Windows touching at most this many months are queried directly, wider ones through the bucket index (default 3). */
  directMonths?: number;
  /** Waits between retries (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
}

/** DynamoDB's limit on the operands of one IN. */
const IN_LIMIT = 100;

export class DynamoBeliefStore implements BeliefStore {
  readonly kind = 'dynamodb' as const;
  readonly canDelete = true;

  private readonly db: DynamoTable;

  constructor(private readonly options: DynamoBeliefStoreOptions) {
    this.db = new DynamoTable(BELIEF_TABLE, options);
  }

  private get sleep(): (ms: number) => Promise<void> {
    return this.options.sleep ?? realSleep;
  }

  // ---------------------------------------------------------------- reads

  async query(q: BeliefQuery): Promise<Belief[]> {
    if (q.sourceIds && q.sourceIds.length === 0) return [];
    const from = Math.max(q.from, MIN_STORABLE_MS);
    const to = Math.min(q.to, MAX_STORABLE_MS + 1);
    if (!(from < to)) return [];
    const months = await this.monthsToQuery(q.sensorId, from, to);
    const sources = q.sourceIds ? new Set(q.sourceIds) : null;
    const pages = await mapLimit(months, this.options.readConcurrency ?? 8, (month) =>
      this.queryMonth(q.sensorId, month, from, to, q.beliefTimeAtMost, q.sourceIds),
    );
    let beliefs = pages.flat();
    // Large source lists are filtered here instead of in the FilterExpression (IN takes 100 operands).
    if (sources && sources.size > IN_LIMIT) beliefs = beliefs.filter((b) => sources.has(b.sourceId));
    beliefs.sort(compareBeliefs);
    return q.latestOnly ? latestPerEventAndSource(beliefs) : beliefs;
  }

  /**
   * The month buckets to query for a window: all months it touches when they are few (one round
   * trip, in parallel); otherwise only those the sensor's bucket index lists (one more round trip,
   * but a ten-year window does not cost 120 queries).
   */
  private async monthsToQuery(sensorId: number, from: number, to: number): Promise<string[]> {
    const first = monthOf(from);
    const last = monthOf(to - 1);
    const direct = this.options.directMonths ?? 3;
    const count = (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + Number(last.slice(5)) - Number(first.slice(5)) + 1;
    if (count <= direct) return monthsBetween(from, to - 1);
    return (await this.months(sensorId)).filter((m) => m >= first && m <= last);
  }

  private async queryMonth(
    sensorId: number,
    month: string,
    from: number,
    to: number,
    beliefTimeAtMost: number | undefined,
    sourceIds: readonly number[] | undefined,
  ): Promise<Belief[]> {
    const names: Record<string, string> = { '#pk': 'pk', '#sk': 'sk', '#es': 'es', '#bt': 'bt', '#src': 'src', '#cp': 'cp', '#v': 'v', '#d': 'd' };
    // `to` may be the first instant after the storable range, which has no fixed-width ISO form.
    // From the start of the first day: its packed items sort before its per-belief keys.
    const values: Record<string, unknown> = { ':pk': beliefPartition(sensorId, month), ':lo': dayOf(from), ':hi': iso(Math.min(to, MAX_STORABLE_MS)), ':from': from };
    const filters: string[] = ['(attribute_exists(#d) OR #es >= :from)'];
    if (beliefTimeAtMost !== undefined) {
      filters.push('#bt <= :prior');
      values[':prior'] = beliefTimeAtMost;
    }
    if (sourceIds && sourceIds.length <= IN_LIMIT) {
      const unique = [...new Set(sourceIds)];
      unique.forEach((id, i) => (values[`:s${i}`] = id));
      filters.push(`#src IN (${unique.map((_, i) => `:s${i}`).join(', ')})`);
    }
    const input: Omit<QueryCommandInput, 'TableName'> = {
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
      FilterExpression: filters.join(' AND '),
      ProjectionExpression: '#es, #bt, #src, #cp, #v, #d',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ConsistentRead: true,
    };
    const items = await this.db.query(input);
    const out: Belief[] = [];
    for (const item of items) {
      if (!isPacked(item)) out.push(fromItem(sensorId, item));
      else {
        for (const b of unpack(sensorId, item)) {
          if (b.eventStart >= from && b.eventStart < to && (beliefTimeAtMost === undefined || b.beliefTime <= beliefTimeAtMost)) out.push(b);
        }
      }
    }
    return out;
  }

  /** The months a sensor has (or had) beliefs in. */
  async months(sensorId: number): Promise<string[]> {
    return (await this.db.partition(bucketIndexPartition(sensorId))).map((item) => String(item.sk));
  }

  async stats(sensorId: number): Promise<SourceBeliefStats[]> {
    const months = await this.months(sensorId);
    const pages = await mapLimit(months, this.options.readConcurrency ?? 8, (month) =>
      this.db.partition(beliefPartition(sensorId, month), { projection: ['es', 'src', 'v', 'd'] }),
    );
    return aggregateStats(
      pages.flat().flatMap((item) =>
        isPacked(item) ? unpack(sensorId, item) : [{ sourceId: Number(item.src), eventStart: Number(item.es), value: decodeValue(item.v) }],
      ),
    );
  }

  // ---------------------------------------------------------------- writes

  async insert(beliefs: readonly Belief[]): Promise<InsertOutcome> {
    assertStorable(beliefs);
    const outcome: InsertOutcome = { inserted: [], unchanged: [], conflicts: [] };
    // Beliefs already in a packed item are settled there; the others are inserted one item each.
    const candidates = uniqueByKey(beliefs);
    const { beliefs: packed } = await this.packedBeliefs(candidates);
    const unique: Belief[] = [];
    for (const b of candidates) {
      const stored = packed.get(beliefKey(b));
      if (!stored) unique.push(b);
      else if (sameValue(stored.value, b.value)) outcome.unchanged.push(b);
      else outcome.conflicts.push({ belief: b, storedValue: stored.value });
    }
    await this.registerMonths(unique);
    const results = await mapLimit(unique, this.options.writeConcurrency ?? 32, (b) => this.insertOne(b));
    results.forEach((r, i) => {
      const b = unique[i]!;
      if (r.kind === 'inserted') outcome.inserted.push(b);
      else if (r.kind === 'unchanged') outcome.unchanged.push(b);
      else outcome.conflicts.push({ belief: b, storedValue: r.storedValue });
    });
    return outcome;
  }

  private async insertOne(
    b: Belief,
  ): Promise<{ kind: 'inserted' } | { kind: 'unchanged' } | { kind: 'conflict'; storedValue: number }> {
    const item = beliefItem(b);
    // A stored item can only vanish through a sensor delete racing this insert: then try again.
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.db.putIf(item, NEW_ITEM, true);
      if (outcome.written) return { kind: 'inserted' };
      // DynamoDB returns the item that made the condition fail; dynalite does not, so it is read.
      const stored = outcome.current ?? (await this.db.get({ pk: String(item.pk), sk: String(item.sk) }));
      if (stored) {
        const storedValue = decodeValue(stored.v);
        return sameValue(storedValue, b.value) ? { kind: 'unchanged' } : { kind: 'conflict', storedValue };
      }
      if (attempt >= 2) throw new Error(`Belief ${String(item.pk)} ${String(item.sk)} could be neither inserted nor read`);
    }
  }

  async put(beliefs: readonly Belief[]): Promise<void> {
    assertStorable(beliefs);
    const unique = uniqueByKey(beliefs);
    // A belief stored in a packed item is overwritten there, never shadowed by a second copy.
    const { beliefs: packed, items } = await this.packedBeliefs(unique);
    const inPacked = unique.filter((b) => packed.has(beliefKey(b)));
    const single = unique.filter((b) => !packed.has(beliefKey(b)));
    await this.registerMonths(single);
    if (inPacked.length) await this.writePacked(inPacked, false, items);
    await this.db.putAll(single.map(beliefItem));
  }

  /**
   * Beliefs the caller (holding their lease) found absent: merged into packed items, one per
   * (event day, source, belief day), each written with a conditional put on its version, so a few
   * items carry thousands of beliefs. What does not fit an item is written one belief per item.
   */
  async writeNew(beliefs: readonly Belief[]): Promise<void> {
    assertStorable(beliefs);
    const unique = uniqueByKey(beliefs);
    await this.registerMonths(unique);
    await this.writePacked(unique, true);
  }

  /**
   * The packed items the given beliefs belong in (one consistent BatchGetItem per 100 items), and
   * their stored beliefs by belief key.
   */
  private async packedBeliefs(beliefs: readonly Belief[]): Promise<{ beliefs: Map<string, Belief>; items: Map<string, Record<string, unknown>> }> {
    const out = new Map<string, Belief>();
    if (!beliefs.length) return { beliefs: out, items: new Map() };
    const items = await this.getPacked([...byPackedKey(beliefs).values()].map(({ pk, sk }) => ({ pk, sk })));
    for (const item of items.values()) {
      for (const b of unpack(sensorOfItem(item), item)) out.set(beliefKey(b), b);
    }
    return { beliefs: out, items };
  }

  /** Packed items by `pk\0sk` (consistent reads). */
  private async getPacked(keys: readonly { pk: string; sk: string }[]): Promise<Map<string, Record<string, unknown>>> {
    const items = await this.db.batchGet(keys, { concurrency: this.options.readConcurrency ?? 8 });
    return new Map(items.filter(isPacked).map((item) => [`${String(item.pk)}\u0000${String(item.sk)}`, item]));
  }

  /**
   * Merges beliefs into their packed items (a belief with a key already there replaces it) with
   * optimistic concurrency: read the item and its version, write it back only if the version is
   * unchanged (or, for a new item, if it still does not exist), and start over when it changed.
   * With `overflow`, beliefs that would push an item past PACKED_LIMIT are stored one per item.
   * `read`: the items as the caller just read them (consistently), so they are not read twice.
   */
  private async writePacked(beliefs: readonly Belief[], overflow: boolean, read?: Map<string, Record<string, unknown>>): Promise<void> {
    const groups = [...byPackedKey(beliefs).values()];
    const singles: Belief[] = [];
    const current = read ?? (await this.getPacked(groups.map(({ pk, sk }) => ({ pk, sk }))));
    await mapLimit(groups, this.options.writeConcurrency ?? 32, async (group) => {
      const id = `${group.pk}\u0000${group.sk}`;
      for (let attempt = 0; ; attempt++) {
        const existing = current.get(id);
        const merged = new Map<string, Belief>();
        if (existing) for (const b of unpack(group.beliefs[0]!.sensorId, existing)) merged.set(beliefKey(b), b);
        const left: Belief[] = [];
        for (const b of group.beliefs) {
          if (merged.has(beliefKey(b)) || merged.size < PACKED_LIMIT || !overflow) merged.set(beliefKey(b), b);
          else left.push(b);
        }
        const version = existing ? Number(existing.ver) : 0;
        const item = packedItem(group.pk, group.sk, [...merged.values()].sort(compareBeliefs), version + 1);
        const outcome = await this.db.putIf(item, existing ? { expression: '#ver = :ver', names: { '#ver': 'ver' }, values: { ':ver': version } } : NEW_ITEM);
        if (outcome.written) {
          singles.push(...left);
          return;
        }
        if (attempt >= 9) throw new Error(`Packed beliefs ${group.pk} ${group.sk} kept changing while being written`);
        // Another writer changed the item: read it again and merge once more.
        const again = await this.getPacked([{ pk: group.pk, sk: group.sk }]);
        const fresh = again.get(id);
        if (fresh) current.set(id, fresh);
        else current.delete(id);
        await this.sleep(backoffMs(attempt, 5, 200));
      }
    });
    if (singles.length) await this.db.putAll(singles.map(beliefItem));
  }

  /** Records the months of these beliefs in the sensor's bucket index (idempotent puts), before the beliefs themselves. */
  private async registerMonths(beliefs: readonly Belief[]): Promise<void> {
    const keys = new Map<string, { pk: string; sk: string }>();
    for (const b of beliefs) {
      const month = monthOf(b.eventStart);
      keys.set(`${b.sensorId}#${month}`, { pk: bucketIndexPartition(b.sensorId), sk: month });
    }
    await this.db.putAll([...keys.values()]);
  }

  // ---------------------------------------------------------------- deletes

  async deleteSensorData(sensorId: number): Promise<void> {
    const months = await this.months(sensorId);
    await mapLimit(months, this.options.readConcurrency ?? 8, async (month) => {
      const keys = await this.db.partition(beliefPartition(sensorId, month), { projection: ['pk', 'sk'] });
      await this.db.deleteAll(keys as { pk: string; sk: string }[]);
    });
    // The index goes last: a delete that fails half-way can be retried and still finds every month.
    await this.db.deleteAll(months.map((sk) => ({ pk: bucketIndexPartition(sensorId), sk })));
  }

  async ping(): Promise<boolean> {
    return this.db.ping();
  }
}
