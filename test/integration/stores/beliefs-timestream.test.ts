/**
 * The Timestream belief store. There is no local Timestream: the shared contract runs against the
 * documented behaviour modelled in `test/helpers/timestream-sim.ts` (behind aws-sdk-client-mock),
 * and the adapter-specific tests assert the exact requests (records, dimensions, SQL) and the
 * handling of mocked answers (pagination, rejections, throttling).
 */
import { describe, it, expect, afterAll, beforeEach } from '@jest/globals';
import {
  DescribeTableCommand,
  RejectedRecordsException,
  TimestreamWriteClient,
  WriteRecordsCommand,
} from '@aws-sdk/client-timestream-write';
import { QueryCommand, TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { mockClient } from 'aws-sdk-client-mock';
import {
  TimestreamBeliefStore,
  beliefQuerySql,
  statsSql,
  timestreamWindowFromEnv,
  DEFAULT_MAX_LEAD_MS,
} from '../../../functions/stores/timestream/beliefs.js';
import { BeliefWriteError, UnstorableBeliefError } from '../../../functions/core/ports/beliefs.js';
import { createPorts } from '../../../functions/stores/index.js';
import { configFrom } from '../../../functions/lambda/config.js';
import { LazyTimestreamBeliefStore } from '../../../functions/stores/timestream/lazy.js';
import { beliefStoreContract, belief, series } from '../../helpers/belief-store-contract.js';
import { TimestreamSimulator } from '../../helpers/timestream-sim.js';

const sims: TimestreamSimulator[] = [];
afterAll(() => sims.forEach((s) => s.restore()));

beliefStoreContract('Timestream (simulated behind aws-sdk-client-mock)', async () => {
  const sim = new TimestreamSimulator();
  sims.push(sim);
  return {
    store: new TimestreamBeliefStore({ database: sim.database, table: sim.table, writeClient: sim.write, queryClient: sim.query }),
    capabilities: { deletes: false, tellsUnchanged: false, reportsStoredValue: false },
  };
});

const T = (iso: string) => Date.parse(iso);
const DB = 'flex';
const TABLE = 'beliefs';

function mocked(options: Partial<ConstructorParameters<typeof TimestreamBeliefStore>[0]> = {}) {
  const write = new TimestreamWriteClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const query = new TimestreamQueryClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const writeMock = mockClient(write);
  const queryMock = mockClient(query);
  const waits: number[] = [];
  const store = new TimestreamBeliefStore({
    database: DB,
    table: TABLE,
    writeClient: write,
    queryClient: query,
    now: () => T('2025-10-01T12:00:00Z'),
    sleep: async (ms) => void waits.push(ms),
    ...options,
  });
  return { store, writeMock, queryMock, waits };
}

describe('Timestream belief store: records', () => {
  it('writes one multi-measure record per belief: time = belief time, sensor in the common attributes, no Version on insert', async () => {
    const { store, writeMock } = mocked();
    writeMock.on(WriteRecordsCommand).resolves({});
    const b = belief(42, '2025-10-02T00:15:00+02:00', '2025-10-01T11:02:13Z', 7, 85.12);
    await store.insert([b, { ...b, sourceId: 3, value: NaN }]);
    const input = writeMock.commandCalls(WriteRecordsCommand)[0]!.args[0].input;
    expect(input).toEqual({
      DatabaseName: DB,
      TableName: TABLE,
      CommonAttributes: {
        Dimensions: [{ Name: 'sensor_id', Value: '42' }],
        MeasureName: 'belief',
        MeasureValueType: 'MULTI',
        TimeUnit: 'MILLISECONDS',
      },
      Records: [
        {
          Dimensions: [
            { Name: 'source_id', Value: '7' },
            { Name: 'event_start', Value: '2025-10-01T22:15:00.000Z' },
            { Name: 'cp', Value: '0.5' },
          ],
          MeasureValues: [
            { Name: 'event_value', Value: '85.12', Type: 'DOUBLE' },
            { Name: 'event_start_ts', Value: String(T('2025-10-01T22:15:00Z')), Type: 'TIMESTAMP' },
          ],
          Time: String(T('2025-10-01T11:02:13Z')),
        },
        {
          Dimensions: [
            { Name: 'source_id', Value: '3' },
            { Name: 'event_start', Value: '2025-10-01T22:15:00.000Z' },
            { Name: 'cp', Value: '0.5' },
          ],
          // NaN cannot be written to Timestream: the value measure is left out (read back as NaN).
          MeasureValues: [{ Name: 'event_start_ts', Value: String(T('2025-10-01T22:15:00Z')), Type: 'TIMESTAMP' }],
          Time: String(T('2025-10-01T11:02:13Z')),
        },
      ],
    });
  });

  it('sends at most 100 records per WriteRecords call, one sensor per call', async () => {
    const { store, writeMock } = mocked();
    writeMock.on(WriteRecordsCommand).resolves({});
    await store.insert([
      ...series(1, '2025-09-30T00:00:00Z', 250, 15, '2025-09-29T12:00:00Z', 1, (i) => i),
      ...series(2, '2025-09-30T00:00:00Z', 30, 15, '2025-09-29T12:00:00Z', 1, (i) => i),
    ]);
    const calls = writeMock.commandCalls(WriteRecordsCommand).map((c) => [c.args[0].input.CommonAttributes!.Dimensions![0]!.Value, c.args[0].input.Records!.length]);
    expect(calls).toEqual([['1', 100], ['1', 100], ['1', 50], ['2', 30]]);
  });

  it('overwrites with `put` by writing a Version that only grows (the current time in ms)', async () => {
    const { store, writeMock } = mocked();
    writeMock.on(WriteRecordsCommand).resolves({});
    const b = belief(1, '2025-10-01T00:00:00Z', '2025-10-01T01:00:00Z', 1, 1);
    await store.put([b]);
    await store.put([{ ...b, value: 2 }]);
    const versions = writeMock.commandCalls(WriteRecordsCommand).map((c) => c.args[0].input.CommonAttributes!.Version);
    expect(versions).toEqual([T('2025-10-01T12:00:00Z'), T('2025-10-01T12:00:00Z') + 1]);
  });

  it('refuses, before writing anything, belief times more than 15 minutes ahead, times before 1970, and leads beyond the pruning window', async () => {
    const { store, writeMock } = mocked();
    writeMock.on(WriteRecordsCommand).resolves({});
    const now = T('2025-10-01T12:00:00Z');
    const ok = belief(1, '2025-10-02T00:00:00Z', '2025-10-01T12:15:00Z', 1, 1);
    await expect(store.insert([ok, { ...ok, beliefTime: now + 15 * 60_000 + 1 }])).rejects.toThrow(
      /Timestream, which cannot store beliefs formed more than 15 minutes in the future \(belief time 2025-10-01T12:15:00\.001Z\)/,
    );
    await expect(store.insert([ok, { ...ok, eventStart: T('1969-12-31T23:45:00Z'), beliefTime: T('1969-12-31T23:50:00Z') }])).rejects.toBeInstanceOf(UnstorableBeliefError);
    await expect(store.put([ok, { ...ok, eventStart: ok.beliefTime + DEFAULT_MAX_LEAD_MS + 1 }])).rejects.toThrow(/more than 35 days before their event/);
    expect(writeMock.commandCalls(WriteRecordsCommand)).toHaveLength(0);
    await store.insert([ok]);
    expect(writeMock.commandCalls(WriteRecordsCommand)).toHaveLength(1);
  });

  it('reports a rejected duplicate with different values as a conflict, and other rejections as an error naming them', async () => {
    const { store, writeMock } = mocked();
    writeMock.on(WriteRecordsCommand).rejects(
      new RejectedRecordsException({
        $metadata: {},
        message: 'One or more records have been rejected.',
        RejectedRecords: [
          { RecordIndex: 0, Reason: 'A record with the same dimensions, timestamp, and measure name but different measure values already exists.', ExistingVersion: 1 },
          { RecordIndex: 2, Reason: 'The record timestamp is outside the time range [2025-09-30T12:00:00Z, 2025-10-01T12:15:00Z) of the data ingestion window.' },
        ],
      }),
    );
    const beliefs = series(1, '2025-10-01T00:00:00Z', 3, 15, '2025-10-01T01:00:00Z', 1, (i) => i);
    const error = await store.insert(beliefs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BeliefWriteError);
    expect((error as BeliefWriteError).rejected).toEqual([{ belief: beliefs[2], reason: expect.stringMatching(/outside the time range/) }]);
    expect((error as Error).message).toMatch(/^Timestream refused 1 of 3 beliefs: The record timestamp is outside/);

    writeMock.reset();
    writeMock.on(WriteRecordsCommand).rejects(
      new RejectedRecordsException({ $metadata: {}, message: 'rejected', RejectedRecords: [{ RecordIndex: 1, Reason: 'duplicate', ExistingVersion: 4 }] }),
    );
    expect(await store.insert(beliefs)).toEqual({
      inserted: [beliefs[0], beliefs[2]],
      unchanged: [],
      conflicts: [{ belief: beliefs[1], storedValue: null }],
    });
  });

  it('retries throttled batches with back-off and gives up after the configured attempts', async () => {
    const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const { store, writeMock, waits } = mocked({ maxThrottleAttempts: 3 });
    writeMock.on(WriteRecordsCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
    const b = belief(1, '2025-10-01T00:00:00Z', '2025-10-01T01:00:00Z', 1, 1);
    expect((await store.insert([b])).inserted).toEqual([b]);
    expect(writeMock.commandCalls(WriteRecordsCommand)).toHaveLength(3);
    expect(waits).toHaveLength(2);

    writeMock.reset();
    writeMock.on(WriteRecordsCommand).rejects(throttled());
    await expect(store.insert([b])).rejects.toThrow('Rate exceeded');
    expect(writeMock.commandCalls(WriteRecordsCommand)).toHaveLength(3);
  });

  it('cannot delete: deleteSensorData sends nothing and resolves', async () => {
    const { store, writeMock, queryMock } = mocked();
    await store.deleteSensorData(5);
    expect(store.canDelete).toBe(false);
    expect(writeMock.calls()).toHaveLength(0);
    expect(queryMock.calls()).toHaveLength(0);
  });
});

describe('Timestream belief store: queries', () => {
  const window = { maxLeadMs: 7 * 86_400_000, maxLagMs: null };

  it('builds the docs/contract/aws-services.md §1.3 query: sensor partition, event-start range, prior, sources, pruning window', () => {
    expect(
      beliefQuerySql(DB, TABLE, { sensorId: 42, from: T('2025-10-02T00:00:00Z'), to: T('2025-10-03T00:00:00Z'), beliefTimeAtMost: T('2025-10-01T12:00:00Z'), sourceIds: [3, 7, 3] }, window),
    ).toBe(
      'SELECT source_id, cp, to_milliseconds(event_start_ts) AS event_start_ms, to_milliseconds(time) AS belief_time_ms, event_value ' +
        'FROM "flex"."beliefs" WHERE sensor_id = \'42\' AND measure_name = \'belief\' ' +
        `AND event_start_ts >= from_milliseconds(${T('2025-10-02T00:00:00Z')}) AND event_start_ts < from_milliseconds(${T('2025-10-03T00:00:00Z')}) ` +
        `AND time >= from_milliseconds(${T('2025-09-25T00:00:00Z')}) AND time <= from_milliseconds(${T('2025-10-01T12:00:00Z')}) ` +
        "AND source_id IN ('3', '7')",
    );
  });

  it('picks the latest belief per event, source and cp in SQL when only the latest are needed', () => {
    const sql = beliefQuerySql(DB, TABLE, { sensorId: 1, from: 0, to: 1000, latestOnly: true }, { maxLeadMs: 0, maxLagMs: 3600_000 });
    expect(sql).toBe(
      'SELECT source_id, cp, event_start_ms, belief_time_ms, event_value FROM (' +
        'SELECT source_id, cp, to_milliseconds(event_start_ts) AS event_start_ms, to_milliseconds(time) AS belief_time_ms, event_value, ' +
        'row_number() OVER (PARTITION BY event_start, source_id, cp ORDER BY time DESC) AS rn ' +
        'FROM "flex"."beliefs" WHERE sensor_id = \'1\' AND measure_name = \'belief\' AND event_start_ts >= from_milliseconds(0) ' +
        'AND event_start_ts < from_milliseconds(1000) AND time >= from_milliseconds(0) AND time <= from_milliseconds(3601000)' +
        ') WHERE rn = 1',
    );
  });

  it('clamps windows to what Timestream can represent and skips the query for empty ones', async () => {
    const { store, queryMock } = mocked();
    queryMock.on(QueryCommand).resolves({ Rows: [], ColumnInfo: [] });
    expect(await store.query({ sensorId: 1, from: T('1921-05-01T22:00:00Z'), to: T('1921-05-01T23:20:00Z') })).toEqual([]);
    expect(await store.query({ sensorId: 1, from: 0, to: 1000, sourceIds: [] })).toEqual([]);
    expect(queryMock.calls()).toHaveLength(0);
    await store.query({ sensorId: 1, from: T('1969-12-31T00:00:00Z'), to: T('1970-01-02T00:00:00Z') });
    expect(queryMock.commandCalls(QueryCommand)[0]!.args[0].input.QueryString).toContain('event_start_ts >= from_milliseconds(0) AND');
  });

  it('pages until NextToken is gone, through empty pages, and parses typed rows (NULL value = NaN)', async () => {
    const { store, queryMock } = mocked();
    const columns = ['source_id', 'cp', 'event_start_ms', 'belief_time_ms', 'event_value'].map((Name) => ({ Name, Type: { ScalarType: 'VARCHAR' as const } }));
    const row = (src: string, es: number, v: string | null) => ({
      Data: [{ ScalarValue: src }, { ScalarValue: '0.5' }, { ScalarValue: String(es) }, { ScalarValue: String(es - 600_000) }, v === null ? { NullValue: true } : { ScalarValue: v }],
    });
    const pages = [
      { Rows: [], ColumnInfo: columns, NextToken: 'a' },
      { Rows: [row('2', 2_000_000, '92.1'), row('1', 1_000_000, null)], ColumnInfo: columns, NextToken: 'b' },
      { Rows: [], ColumnInfo: columns, NextToken: 'c' },
      { Rows: [row('1', 3_000_000, '-1e-7')], ColumnInfo: columns },
    ];
    // The paginator reuses its input object: record what each call carried when it was made.
    const sent: { token?: string; sql: string }[] = [];
    queryMock.on(QueryCommand).callsFake((input: { NextToken?: string; QueryString: string }) => {
      sent.push({ token: input.NextToken, sql: input.QueryString });
      return pages[sent.length - 1];
    });
    const out = await store.query({ sensorId: 9, from: 0, to: 10_000_000 });
    expect(out.map((b) => [b.sensorId, b.sourceId, b.eventStart, b.beliefTime, b.cumulativeProbability])).toEqual([
      [9, 1, 1_000_000, 400_000, 0.5],
      [9, 2, 2_000_000, 1_400_000, 0.5],
      [9, 1, 3_000_000, 2_400_000, 0.5],
    ]);
    expect(out[0]!.value).toBeNaN();
    expect(out.slice(1).map((b) => b.value)).toEqual([92.1, -1e-7]);
    expect(sent.map((c) => c.token)).toEqual([undefined, 'a', 'b', 'c']);
    expect(new Set(sent.map((c) => c.sql)).size).toBe(1);
  });

  it('asks Timestream for per-source statistics with GROUP BY and reads NULL aggregates', async () => {
    expect(statsSql(DB, TABLE, 42)).toBe(
      'SELECT source_id, to_milliseconds(min(event_start_ts)) AS min_event_start_ms, to_milliseconds(max(event_start_ts)) AS max_event_start_ms, ' +
        'min(event_value) AS min_value, max(event_value) AS max_value, sum(event_value) AS sum_values, count(*) AS count_values, count(event_value) AS count_numbers ' +
        'FROM "flex"."beliefs" WHERE sensor_id = \'42\' AND measure_name = \'belief\' GROUP BY source_id',
    );
    const { store, queryMock } = mocked();
    const names = ['source_id', 'min_event_start_ms', 'max_event_start_ms', 'min_value', 'max_value', 'sum_values', 'count_values', 'count_numbers'];
    const columns = names.map((Name) => ({ Name, Type: { ScalarType: 'VARCHAR' as const } }));
    const v = (x: string | null) => (x === null ? { NullValue: true } : { ScalarValue: x });
    queryMock.on(QueryCommand).resolves({
      ColumnInfo: columns,
      Rows: [
        { Data: ['5', '100', '200', null, null, null, '2', '0'].map(v) },
        { Data: ['2', '100', '300', '91.3', '92.1', '183.4', '3', '2'].map(v) },
      ],
    });
    expect(await store.stats(42)).toEqual([
      { sourceId: 2, minEventStart: 100, maxEventStart: 300, minValue: 91.3, maxValue: 92.1, sumValues: 183.4, countValues: 3, countNumbers: 2 },
      { sourceId: 5, minEventStart: 100, maxEventStart: 200, minValue: null, maxValue: null, sumValues: 0, countValues: 2, countNumbers: 0 },
    ]);
  });
});

describe('Timestream belief store: configuration', () => {
  it('reads the pruning window from the environment', () => {
    expect(timestreamWindowFromEnv({})).toEqual({ maxLeadMs: DEFAULT_MAX_LEAD_MS, maxLagMs: null });
    expect(timestreamWindowFromEnv({ TIMESTREAM_MAX_BELIEF_LEAD: 'P7D', TIMESTREAM_MAX_BELIEF_LAG: 'PT48H' })).toEqual({ maxLeadMs: 7 * 86_400_000, maxLagMs: 48 * 3_600_000 });
    expect(() => timestreamWindowFromEnv({ TIMESTREAM_MAX_BELIEF_LEAD: 'P1M' })).toThrow(/nominal/);
    expect(() => timestreamWindowFromEnv({ TIMESTREAM_MAX_BELIEF_LEAD: '-P1D' })).toThrow(/must not be negative/);
  });

  describe('through the store factory (BELIEF_STORE=timestream)', () => {
    const writeMock = mockClient(TimestreamWriteClient);
    const TIMESTREAM_ENV = { BELIEF_STORE: 'timestream', TIMESTREAM_DATABASE: DB, TIMESTREAM_TABLE: TABLE };
    const factory = (env: Record<string, string>) => createPorts(configFrom(env)).beliefs;
    beforeEach(() => {
      writeMock.reset();
    });
    afterAll(() => {
      writeMock.restore();
    });

    it('hands out the Timestream store, ready when its table is ACTIVE', async () => {
      writeMock.on(DescribeTableCommand, { DatabaseName: DB, TableName: TABLE }).resolves({ Table: { TableStatus: 'ACTIVE' } });
      const store = factory(TIMESTREAM_ENV);
      expect(store.kind).toBe('timestream');
      expect(store.canDelete).toBe(false);
      expect(await store.ping()).toBe(true);
    });

    it('is not ready when the table does not answer or is not configured', async () => {
      writeMock.on(DescribeTableCommand).rejects(Object.assign(new Error('nope'), { name: 'ResourceNotFoundException' }));
      expect(await factory(TIMESTREAM_ENV).ping()).toBe(false);
      const { TIMESTREAM_TABLE: _table, ...withoutTable } = TIMESTREAM_ENV;
      const unconfigured = factory(withoutTable);
      expect(unconfigured.kind).toBe('timestream');
      expect(await unconfigured.ping()).toBe(false);
      await expect(unconfigured.query({ sensorId: 1, from: 0, to: 1 })).rejects.toThrow(/TIMESTREAM_DATABASE and TIMESTREAM_TABLE/);
    });

    it('takes database and table from its configuration only', async () => {
      writeMock.on(DescribeTableCommand, { DatabaseName: 'other-db', TableName: 'other-table' }).resolves({ Table: { TableStatus: 'ACTIVE' } });
      const none = { database: undefined, table: undefined, maxBeliefLead: undefined, maxBeliefLag: undefined };
      expect(await new LazyTimestreamBeliefStore({ ...none, database: 'other-db', table: 'other-table' }).ping()).toBe(true);
      expect(await new LazyTimestreamBeliefStore(none).ping()).toBe(false);
    });
  });
});
