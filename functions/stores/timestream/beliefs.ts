/**
 * The Timestream for LiveAnalytics belief store (docs/contract/aws-services.md §1), chosen with
 * `BELIEF_STORE=timestream`. Timestream has been closed to new AWS customers since 2025-06-20; the
 * DynamoDB store serves every other account.
 *
 * Record model (docs/contract/aws-services.md §1.3): `Time` = the **belief time** (Timestream refuses record times more
 * than 15 minutes in the future, and forecasts, prices and schedules are beliefs about future
 * events), in milliseconds. Dimensions `sensor_id` (the table's required partition key),
 * `source_id`, `event_start` (fixed-width ISO UTC with milliseconds) and `cp`: together with the
 * time and the measure name they are the record's identity, i.e. the belief's key. One
 * multi-measure record named `belief` carries `event_value` (DOUBLE; left out for NaN, which
 * Timestream cannot store) and `event_start_ts` (TIMESTAMP, for range predicates).
 *
 * Idempotency and replacements without conditional writes: `insert` writes records without a
 * `Version` (Timestream's default 1). Re-writing identical values is accepted as a no-op, so a
 * retried request is harmless; a different value for an existing record is refused with a
 * RejectedRecord carrying `ExistingVersion`, which is exactly a replacement (reported as a conflict,
 * not written). Timestream does not say whether an accepted record was new or identical, so such
 * beliefs are reported as inserted. `put` overwrites by writing `Version` = the current time in ms,
 * higher than any earlier write.
 *
 * What this store cannot do (the README says so too):
 * - beliefs with a belief time more than 15 minutes in the future, or before 1970 (Timestream has no
 *   negative times): refused before anything is written (`UnstorableBeliefError`);
 * - delete: the write API has no deletes, so `deleteSensorData` leaves the beliefs in place; they
 *   are unreachable through the API because sensor ids are never reused, and expire with the table's
 *   magnetic retention;
 * - beliefs older than the memory-store retention are written to the magnetic store and become
 *   queryable only within about 6 hours; reads are eventually consistent even in the memory store.
 *
 * Queries prune on the time column: a belief is looked for from `from − maxLead` on (the
 * configured maximum forecast lead, `TIMESTREAM_MAX_BELIEF_LEAD`, default P35D), and `insert`/`put`
 * refuse beliefs formed earlier than that before their event, so every stored belief stays
 * findable. An optional maximum lag (`TIMESTREAM_MAX_BELIEF_LAG`) bounds the window above the same way.
 */
import {
  DescribeTableCommand,
  RejectedRecordsException,
  TimestreamWriteClient,
  WriteRecordsCommand,
  type _Record,
  type MeasureValue,
} from '@aws-sdk/client-timestream-write';
import { paginateQuery, TimestreamQueryClient, type ColumnInfo, type Row } from '@aws-sdk/client-timestream-query';
import { parseFixedDuration, DAY } from '../../core/time/index.js';
import { backoffMs, chunks, mapLimit, sleep as realSleep } from '../../core/pool.js';
import {
  assertStorable,
  BeliefWriteError,
  compareBeliefs,
  latestPerEventAndSource,
  uniqueByKey,
  UnstorableBeliefError,
  type Belief,
  type BeliefQuery,
  type BeliefStore,
  type InsertOutcome,
  type SourceBeliefStats,
} from '../../core/ports/beliefs.js';

/** Records per WriteRecords call (the service limit). */
export const RECORDS_PER_WRITE = 100;
/** How far ahead of the service clock a record time may be. */
export const FUTURE_INGESTION_MS = 15 * 60_000;
/** The latest instant Timestream can query (2262-04-11T23:47:16.854Z). */
export const MAX_TIMESTREAM_MS = 9_223_372_036_854;
export const DEFAULT_MAX_LEAD_MS = 35 * DAY;

export interface TimestreamBeliefStoreOptions {
  database: string;
  table: string;
  writeClient?: TimestreamWriteClient;
  queryClient?: TimestreamQueryClient;
  /** The clock used for the 15-minute rule and for overwrite versions (default Date.now). */
  now?: () => number;
  /** Maximum time a belief may be formed before its event starts (pruning window). */
  maxLeadMs?: number;
  /** Maximum time a belief may be formed after its event starts; null = unbounded (default). */
  maxLagMs?: number | null;
  /** WriteRecords calls in flight (default 4). */
  writeConcurrency?: number;
  /** Attempts per batch on throttling (default 6). */
  maxThrottleAttempts?: number;
  /** Rows per query page (MaxRows; default: the service's choice). */
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

let sharedWrite: TimestreamWriteClient | undefined;
let sharedQuery: TimestreamQueryClient | undefined;

/**
 * SDK clients shared across invocations of a container (endpoint discovery is cached by the SDK);
 * their region is the Lambda's own (the SDK's default chain).
 */
export function timestreamClients(): { write: TimestreamWriteClient; query: TimestreamQueryClient } {
  sharedWrite ??= new TimestreamWriteClient({});
  sharedQuery ??= new TimestreamQueryClient({});
  return { write: sharedWrite, query: sharedQuery };
}

/** Reads `TIMESTREAM_MAX_BELIEF_LEAD` / `_LAG` (ISO 8601 durations; an empty lag means unbounded). */
export function timestreamWindowFromEnv(env: Readonly<Record<string, string | undefined>>): { maxLeadMs: number; maxLagMs: number | null } {
  const lead = env.TIMESTREAM_MAX_BELIEF_LEAD?.trim();
  const lag = env.TIMESTREAM_MAX_BELIEF_LAG?.trim();
  const maxLeadMs = lead ? parseFixedDuration(lead) : DEFAULT_MAX_LEAD_MS;
  const maxLagMs = lag ? parseFixedDuration(lag) : null;
  if (maxLeadMs < 0 || (maxLagMs !== null && maxLagMs < 0)) {
    throw new Error('TIMESTREAM_MAX_BELIEF_LEAD and TIMESTREAM_MAX_BELIEF_LAG must not be negative');
  }
  return { maxLeadMs, maxLagMs };
}

const iso = (ms: number) => new Date(ms).toISOString();
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The SQL of a belief query (exported for tests and for reading). */
export function beliefQuerySql(db: string, table: string, q: BeliefQuery, window: { maxLeadMs: number; maxLagMs: number | null }): string {
  const from = Math.max(0, q.from);
  const to = Math.min(q.to, MAX_TIMESTREAM_MS);
  const where = [
    `sensor_id = ${quote(String(q.sensorId))}`,
    `measure_name = 'belief'`,
    `event_start_ts >= from_milliseconds(${from})`,
    `event_start_ts < from_milliseconds(${to})`,
    `time >= from_milliseconds(${Math.max(0, from - window.maxLeadMs)})`,
  ];
  const upper = [
    q.beliefTimeAtMost,
    window.maxLagMs === null ? undefined : to + window.maxLagMs,
  ].filter((x): x is number => x !== undefined);
  if (upper.length) where.push(`time <= from_milliseconds(${Math.max(0, Math.min(...upper))})`);
  if (q.sourceIds) where.push(`source_id IN (${[...new Set(q.sourceIds)].map((s) => quote(String(s))).join(', ')})`);
  const columns = 'source_id, cp, to_milliseconds(event_start_ts) AS event_start_ms, to_milliseconds(time) AS belief_time_ms, event_value';
  const base = `FROM "${db}"."${table}" WHERE ${where.join(' AND ')}`;
  if (!q.latestOnly) return `SELECT ${columns} ${base}`;
  return (
    `SELECT source_id, cp, event_start_ms, belief_time_ms, event_value FROM (` +
    `SELECT ${columns}, row_number() OVER (PARTITION BY event_start, source_id, cp ORDER BY time DESC) AS rn ${base}` +
    `) WHERE rn = 1`
  );
}

/** The SQL of the per-source statistics of a sensor. */
export function statsSql(db: string, table: string, sensorId: number): string {
  return (
    'SELECT source_id, ' +
    'to_milliseconds(min(event_start_ts)) AS min_event_start_ms, to_milliseconds(max(event_start_ts)) AS max_event_start_ms, ' +
    'min(event_value) AS min_value, max(event_value) AS max_value, sum(event_value) AS sum_values, ' +
    'count(*) AS count_values, count(event_value) AS count_numbers ' +
    `FROM "${db}"."${table}" WHERE sensor_id = ${quote(String(sensorId))} AND measure_name = 'belief' GROUP BY source_id`
  );
}

/** The record written for a belief (the sensor dimension comes from the batch's common attributes). */
export function beliefRecord(b: Belief): _Record {
  const measures: MeasureValue[] = [{ Name: 'event_start_ts', Value: String(b.eventStart), Type: 'TIMESTAMP' }];
  if (!Number.isNaN(b.value)) measures.unshift({ Name: 'event_value', Value: String(b.value), Type: 'DOUBLE' });
  return {
    Dimensions: [
      { Name: 'source_id', Value: String(b.sourceId) },
      { Name: 'event_start', Value: iso(b.eventStart) },
      { Name: 'cp', Value: String(b.cumulativeProbability) },
    ],
    MeasureValues: measures,
    Time: String(b.beliefTime),
  };
}

/** Parses result rows into objects keyed by column name (ScalarValue strings; null for NullValue). */
export function parseRows(columns: readonly ColumnInfo[], rows: readonly Row[]): Record<string, string | null>[] {
  return rows.map((row) => {
    const out: Record<string, string | null> = {};
    (row.Data ?? []).forEach((datum, i) => {
      const name = columns[i]?.Name ?? String(i);
      out[name] = datum.NullValue ? null : (datum.ScalarValue ?? null);
    });
    return out;
  });
}

/** Whether a rejected record is Timestream's "same identity, different values" case (a replacement). */
function isDuplicateRejection(r: { Reason?: string; ExistingVersion?: number }): boolean {
  return r.ExistingVersion !== undefined || /different measure value|same dimensions|already exists/i.test(r.Reason ?? '');
}

const num = (s: string | null | undefined) => (s === null || s === undefined ? NaN : Number(s));

export class TimestreamBeliefStore implements BeliefStore {
  readonly kind = 'timestream' as const;
  readonly canDelete = false;
  private readonly write: TimestreamWriteClient;
  private readonly read: TimestreamQueryClient;
  private readonly now: () => number;
  private readonly maxLeadMs: number;
  private readonly maxLagMs: number | null;
  private lastVersion = 0;

  constructor(private readonly options: TimestreamBeliefStoreOptions) {
    const shared = options.writeClient && options.queryClient ? null : timestreamClients();
    this.write = options.writeClient ?? shared!.write;
    this.read = options.queryClient ?? shared!.query;
    this.now = options.now ?? Date.now;
    this.maxLeadMs = options.maxLeadMs ?? DEFAULT_MAX_LEAD_MS;
    this.maxLagMs = options.maxLagMs ?? null;
  }

  private get sleep() {
    return this.options.sleep ?? realSleep;
  }

  // ---------------------------------------------------------------- reads

  async query(q: BeliefQuery): Promise<Belief[]> {
    if (q.sourceIds && q.sourceIds.length === 0) return [];
    if (!(Math.max(0, q.from) < Math.min(q.to, MAX_TIMESTREAM_MS))) return [];
    if (q.beliefTimeAtMost !== undefined && q.beliefTimeAtMost < 0) return [];
    const sql = beliefQuerySql(this.options.database, this.options.table, q, { maxLeadMs: this.maxLeadMs, maxLagMs: this.maxLagMs });
    const rows = await this.select(sql);
    const beliefs = rows.map(
      (r): Belief => ({
        sensorId: q.sensorId,
        eventStart: num(r.event_start_ms),
        beliefTime: num(r.belief_time_ms),
        sourceId: num(r.source_id),
        cumulativeProbability: num(r.cp),
        value: num(r.event_value),
      }),
    );
    beliefs.sort(compareBeliefs);
    return q.latestOnly ? latestPerEventAndSource(beliefs) : beliefs;
  }

  /** Runs a query to the end: `paginateQuery` until NextToken is gone (pages may be empty while a token remains). */
  private async select(sql: string): Promise<Record<string, string | null>[]> {
    const out: Record<string, string | null>[] = [];
    const pages = paginateQuery({ client: this.read, pageSize: this.options.pageSize }, { QueryString: sql });
    for await (const page of pages) out.push(...parseRows(page.ColumnInfo ?? [], page.Rows ?? []));
    return out;
  }

  async stats(sensorId: number): Promise<SourceBeliefStats[]> {
    const rows = await this.select(statsSql(this.options.database, this.options.table, sensorId));
    return rows
      .map((r): SourceBeliefStats => {
        const countNumbers = num(r.count_numbers);
        const sumValues = countNumbers ? num(r.sum_values) : 0;
        return {
          sourceId: num(r.source_id),
          minEventStart: num(r.min_event_start_ms),
          maxEventStart: num(r.max_event_start_ms),
          minValue: r.min_value === null ? null : num(r.min_value),
          maxValue: r.max_value === null ? null : num(r.max_value),
          sumValues,
          countValues: num(r.count_values),
          countNumbers,
        };
      })
      .sort((a, b) => a.sourceId - b.sourceId);
  }

  // ---------------------------------------------------------------- writes

  /** Refuses, before anything is written, what Timestream cannot hold or this store could not find again. */
  private check(beliefs: readonly Belief[]): void {
    assertStorable(beliefs);
    const latest = this.now() + FUTURE_INGESTION_MS;
    for (const b of beliefs) {
      if (b.beliefTime > latest) {
        throw new UnstorableBeliefError(
          `This server stores beliefs in Timestream, which cannot store beliefs formed more than 15 minutes in the future (belief time ${iso(b.beliefTime)}).`,
          b,
        );
      }
      if (b.beliefTime < 0 || b.eventStart < 0) {
        throw new UnstorableBeliefError('This server stores beliefs in Timestream, which cannot store times before 1970.', b);
      }
      if (b.eventStart > MAX_TIMESTREAM_MS) {
        throw new UnstorableBeliefError('This server stores beliefs in Timestream, which cannot store times after 2262-04-11.', b);
      }
      if (b.eventStart - b.beliefTime > this.maxLeadMs) {
        throw new UnstorableBeliefError(
          `This server cannot store beliefs formed more than ${this.maxLeadMs / DAY} days before their event (TIMESTREAM_MAX_BELIEF_LEAD).`,
          b,
        );
      }
      if (this.maxLagMs !== null && b.beliefTime - b.eventStart > this.maxLagMs) {
        throw new UnstorableBeliefError(
          `This server cannot store beliefs formed more than ${this.maxLagMs / DAY} days after their event (TIMESTREAM_MAX_BELIEF_LAG).`,
          b,
        );
      }
    }
  }

  async insert(beliefs: readonly Belief[]): Promise<InsertOutcome> {
    this.check(beliefs);
    const unique = uniqueByKey(beliefs);
    const outcome: InsertOutcome = { inserted: [], unchanged: [], conflicts: [] };
    const rejected: { belief: Belief; reason: string }[] = [];
    await this.writeAll(unique, undefined, (batch, refusals) => {
      const refused = new Map(refusals.map((r) => [r.RecordIndex ?? -1, r]));
      batch.forEach((b, i) => {
        const r = refused.get(i);
        if (!r) outcome.inserted.push(b);
        else if (isDuplicateRejection(r)) outcome.conflicts.push({ belief: b, storedValue: null });
        else rejected.push({ belief: b, reason: r.Reason ?? 'rejected' });
      });
    });
    if (rejected.length) {
      throw new BeliefWriteError(`Timestream refused ${rejected.length} of ${unique.length} beliefs: ${rejected[0]!.reason}`, rejected);
    }
    return outcome;
  }

  async put(beliefs: readonly Belief[]): Promise<void> {
    this.check(beliefs);
    const unique = uniqueByKey(beliefs);
    const rejected: { belief: Belief; reason: string }[] = [];
    // Versions only grow, also for two overwrites within one millisecond.
    const version = (this.lastVersion = Math.max(this.now(), this.lastVersion + 1));
    await this.writeAll(unique, version, (batch, refusals) => {
      for (const r of refusals) rejected.push({ belief: batch[r.RecordIndex ?? 0]!, reason: r.Reason ?? 'rejected' });
    });
    if (rejected.length) {
      throw new BeliefWriteError(`Timestream refused ${rejected.length} of ${unique.length} beliefs: ${rejected[0]!.reason}`, rejected);
    }
  }

  /**
   * WriteRecords in batches of 100 records of one sensor (the sensor dimension and the record shape
   * in CommonAttributes), several batches in flight, throttling retried with back-off. `settle`
   * receives each batch with the records Timestream rejected (the others were written).
   */
  private async writeAll(
    beliefs: readonly Belief[],
    version: number | undefined,
    settle: (batch: Belief[], rejected: { RecordIndex?: number; Reason?: string; ExistingVersion?: number }[]) => void,
  ): Promise<void> {
    const bySensor = new Map<number, Belief[]>();
    for (const b of beliefs) {
      const list = bySensor.get(b.sensorId);
      if (list) list.push(b);
      else bySensor.set(b.sensorId, [b]);
    }
    const batches = [...bySensor.values()].flatMap((list) => chunks(list, RECORDS_PER_WRITE));
    const maxAttempts = this.options.maxThrottleAttempts ?? 6;
    await mapLimit(batches, this.options.writeConcurrency ?? 4, async (batch) => {
      const command = new WriteRecordsCommand({
        DatabaseName: this.options.database,
        TableName: this.options.table,
        CommonAttributes: {
          Dimensions: [{ Name: 'sensor_id', Value: String(batch[0]!.sensorId) }],
          MeasureName: 'belief',
          MeasureValueType: 'MULTI',
          TimeUnit: 'MILLISECONDS',
          ...(version === undefined ? {} : { Version: version }),
        },
        Records: batch.map(beliefRecord),
      });
      for (let attempt = 0; ; attempt++) {
        try {
          await this.write.send(command);
          settle(batch, []);
          return;
        } catch (err) {
          if (err instanceof RejectedRecordsException || (err as { name?: string }).name === 'RejectedRecordsException') {
            settle(batch, (err as RejectedRecordsException).RejectedRecords ?? []);
            return;
          }
          const name = (err as { name?: string }).name;
          if ((name === 'ThrottlingException' || name === 'InternalServerException') && attempt + 1 < maxAttempts) {
            await this.sleep(backoffMs(attempt + 1, 100, 5000));
            continue;
          }
          throw err;
        }
      }
    });
  }

  /** Timestream has no deletes: the beliefs stay (unreachable: sensor ids are never reused). */
  async deleteSensorData(_sensorId: number): Promise<void> {
    // Nothing can be deleted; see the module comment and the README.
  }

  /** Readiness: the table is ACTIVE (DescribeTable through the write client, with endpoint discovery). */
  async ping(): Promise<boolean> {
    try {
      const out = await this.write.send(new DescribeTableCommand({ DatabaseName: this.options.database, TableName: this.options.table }));
      return out.Table?.TableStatus === 'ACTIVE';
    } catch {
      return false;
    }
  }
}
