/**
 * The DynamoDB belief store: the shared contract on dynalite, plus what only this adapter does
 * (key design, month-bucket fan-out, pagination, UnprocessedItems retries, conditional writes).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockedDocumentClient, startLocalClient, type LocalClient } from './local-client.js';
import {
  DynamoBeliefStore,
  beliefItem,
  beliefPartition,
  beliefSortKey,
  bucketIndexPartition,
  monthsBetween,
  packedSortKey,
  PACKED_LIMIT,
} from '../../../functions/stores/dynamodb/beliefs.js';
import { beliefStoreContract, belief, freshSensor, series } from '../../helpers/belief-store-contract.js';

const TABLE = 'fm-beliefs';
let local: LocalClient;
let client: DynamoDBDocumentClient;

beforeAll(async () => {
  local = await startLocalClient();
  client = local.client;
  process.env.DYNAMODB_ENDPOINT = local.endpoint;
});
afterAll(async () => {
  await local?.close();
});

beliefStoreContract('DynamoDB on dynalite', async () => ({
  store: new DynamoBeliefStore({ client, table: TABLE }),
  capabilities: { deletes: true, tellsUnchanged: true, reportsStoredValue: true },
}));

describe('DynamoDB belief store: key design', () => {
  it('partitions by sensor and UTC month of the event start, and sorts by event start, belief time, source, cp', () => {
    const b = { sensorId: 42, eventStart: Date.parse('2025-10-02T00:15:00+02:00'), beliefTime: Date.parse('2025-10-01T11:02:13Z'), sourceId: 7, cumulativeProbability: 0.5, value: 85.12 };
    expect(beliefItem(b)).toEqual({
      pk: 'S#42#2025-10',
      sk: '2025-10-01T22:15:00.000Z#2025-10-01T11:02:13.000Z#0000000007#0.5',
      es: b.eventStart,
      bt: b.beliefTime,
      src: 7,
      cp: 0.5,
      v: 85.12,
    });
    expect(beliefItem({ ...b, value: NaN }).v).toBeNull();
    expect(beliefPartition(42, '2025-10')).toBe('S#42#2025-10');
    expect(bucketIndexPartition(42)).toBe('S#42#BUCKETS');
    expect(beliefSortKey({ ...b, sourceId: 1234567890 })).toMatch(/#1234567890#0\.5$/);
  });

  it('lists the months a window touches, across years', () => {
    expect(monthsBetween(Date.parse('2021-11-30T23:00:00Z'), Date.parse('2022-02-01T00:00:00Z'))).toEqual(['2021-11', '2021-12', '2022-01', '2022-02']);
    expect(monthsBetween(Date.parse('1921-05-01T22:00:00Z'), Date.parse('1921-05-01T23:00:00Z'))).toEqual(['1921-05']);
  });

  it('records the months of a sensor in its bucket index before it writes the beliefs', async () => {
    const store = new DynamoBeliefStore({ client, table: TABLE });
    const s = freshSensor();
    await store.insert([...series(s, '2021-01-31T23:45:00Z', 2, 15, '2021-02-01T01:00:00Z', 1, (i) => i)]);
    expect(await store.months(s)).toEqual(['2021-01', '2021-02']);
    const stored = await client.send(new GetCommand({ TableName: TABLE, Key: { pk: `S#${s}#2021-02`, sk: `2021-02-01T00:00:00.000Z#2021-02-01T01:00:00.000Z#0000000001#0.5` } }));
    expect(stored.Item).toMatchObject({ v: 1, src: 1, cp: 0.5 });
  });

  it('detects a concurrent writer of the same key instead of overwriting it', async () => {
    const store = new DynamoBeliefStore({ client, table: TABLE });
    const s = freshSensor();
    const b = belief(s, '2021-06-07T00:00:00Z', '2021-06-07T01:00:00Z', 1, 1);
    // Two writers race on one key with different values: exactly one wins, the other sees a conflict.
    const [x, y] = await Promise.all([store.insert([b]), store.insert([{ ...b, value: 2 }])]);
    expect(x.inserted.length + y.inserted.length).toBe(1);
    expect(x.conflicts.length + y.conflicts.length).toBe(1);
    const winner = x.inserted.length ? 1 : 2;
    expect((await store.query({ sensorId: s, from: b.eventStart, to: b.eventStart + 1 })).map((r) => r.value)).toEqual([winner]);
  });
});

describe('DynamoDB belief store: packed items (writeNew)', () => {
  const store = () => new DynamoBeliefStore({ client, table: TABLE });
  const partition = async (sensorId: number, month: string) =>
    (await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': beliefPartition(sensorId, month) } }))).Items ?? [];

  it('keys a packed item by event day, source and belief day, sorting before the per-belief keys of its day', () => {
    const b = belief(1, '2021-06-07T10:20:00Z', '2021-06-01T08:00:00Z', 42, 1);
    expect(packedSortKey(b)).toBe('2021-06-07#P#0000000042#2021-06-01');
    expect(packedSortKey(b) < beliefSortKey({ ...b, eventStart: Date.parse('2021-06-07T00:00:00Z') })).toBe(true);
    expect(packedSortKey(b) > beliefSortKey({ ...b, eventStart: Date.parse('2021-06-06T23:59:59.999Z') })).toBe(true);
  });

  it('stores a week of one-minute values as seven items, read back whole or in part, with the filters applied per belief', async () => {
    const s = freshSensor();
    const week = series(s, '2021-06-07T00:00:00Z', 10_080, 1, '2021-06-01T00:00:00Z', 3, (i) => i / 8);
    await store().writeNew(week);
    const items = await partition(s, '2021-06');
    expect(items.map((i) => i.sk)).toEqual(['07', '08', '09', '10', '11', '12', '13'].map((d) => `2021-06-${d}#P#0000000003#2021-06-01`));
    expect(items.every((i) => i.ver === 1 && i.n === 1440)).toBe(true);
    expect(await store().query({ sensorId: s, from: 0, to: Date.parse('2100-01-01T00:00:00Z') })).toEqual(week);
    const from = Date.parse('2021-06-08T23:30:00Z');
    expect(await store().query({ sensorId: s, from, to: from + 60 * 60_000 })).toEqual(week.filter((b) => b.eventStart >= from && b.eventStart < from + 3_600_000));
    expect(await store().query({ sensorId: s, from, to: from + 60_000, beliefTimeAtMost: Date.parse('2021-05-31T00:00:00Z') })).toEqual([]);
    expect(await store().query({ sensorId: s, from, to: from + 60_000, sourceIds: [4] })).toEqual([]);
    expect((await store().stats(s))[0]).toMatchObject({ sourceId: 3, countValues: 10_080 });
  });

  it('merges into an existing item under its version; concurrent writers of one item both keep their beliefs', async () => {
    const s = freshSensor();
    const day = series(s, '2021-06-07T00:00:00Z', 60, 1, '2021-06-01T00:00:00Z', 3, (i) => i);
    await Promise.all([store().writeNew(day.filter((_, i) => i % 2 === 0)), store().writeNew(day.filter((_, i) => i % 2 === 1))]);
    const items = await partition(s, '2021-06');
    expect(items).toHaveLength(1);
    expect(items[0]!.ver).toBe(2);
    expect(await store().query({ sensorId: s, from: 0, to: Date.parse('2100-01-01T00:00:00Z') })).toEqual(day);
  });

  it('lets insert see packed beliefs (unchanged or a conflict) and put overwrite them in place, never as a second copy', async () => {
    const s = freshSensor();
    const day = series(s, '2021-06-07T00:00:00Z', 4, 15, '2021-06-01T00:00:00Z', 3, (i) => i);
    await store().writeNew(day);
    const outcome = await store().insert([day[0]!, { ...day[1]!, value: 9 }]);
    expect(outcome).toEqual({ inserted: [], unchanged: [day[0]], conflicts: [{ belief: { ...day[1]!, value: 9 }, storedValue: 1 }] });
    await store().put([{ ...day[2]!, value: 7 }]);
    expect((await store().query({ sensorId: s, from: 0, to: Date.parse('2100-01-01T00:00:00Z') })).map((b) => b.value)).toEqual([0, 1, 7, 3]);
    expect(await partition(s, '2021-06')).toHaveLength(1);
  });

  it('stores what does not fit an item one belief per item, and reads both layouts together', async () => {
    const s = freshSensor();
    const many = series(s, '2021-06-07T00:00:00Z', PACKED_LIMIT + 5, 0.01, '2021-06-07T00:00:00Z', 3, (i) => i);
    await store().writeNew(many);
    const items = await partition(s, '2021-06');
    expect(items.filter((i) => typeof i.d === 'string').map((i) => i.n)).toEqual([PACKED_LIMIT]);
    expect(items.filter((i) => typeof i.d !== 'string')).toHaveLength(5);
    expect(await store().query({ sensorId: s, from: 0, to: Date.parse('2100-01-01T00:00:00Z') })).toEqual(many);
    await store().deleteSensorData(s);
    expect(await partition(s, '2021-06')).toEqual([]);
  });
});

describe('DynamoDB belief store: requests (mocked client)', () => {
  const { client: mocked, mock } = mockedDocumentClient();
  afterAll(() => mock.restore());

  it('retries UnprocessedItems of BatchWriteItem with back-off, in batches of at most 25', async () => {
    mock.reset();
    const waits: number[] = [];
    let calls = 0;
    mock.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => {
      calls += 1;
      const items = input.RequestItems.t!;
      expect(items.length).toBeLessThanOrEqual(25);
      // The first answer for every batch leaves its last two items unprocessed.
      if (calls <= 3 && items.length > 2) return { UnprocessedItems: { t: items.slice(-2) } };
      return { UnprocessedItems: {} };
    });
    const store = new DynamoBeliefStore({ client: mocked, table: 't', sleep: async (ms) => void waits.push(ms) });
    const beliefs = series(1, '2021-01-01T00:00:00Z', 60, 15, '2021-01-02T00:00:00Z', 1, (i) => i);
    await store.put(beliefs);
    const sent = mock.commandCalls(BatchWriteCommand).map((c) => (c.args[0].input.RequestItems!.t as unknown[]).length);
    // 1 bucket-index write, then 25 + 25 + 10 beliefs, then the 2 + 2 (+ 2 at most) retried ones.
    expect(sent[0]).toBe(1);
    expect(sent.slice(1).reduce((a, b) => a + b, 0)).toBe(60 + 2 * (Math.min(calls, 3) - 1));
    expect(waits.length).toBeGreaterThanOrEqual(2);
  });

  it('gives up with an error when items stay unprocessed', async () => {
    mock.reset();
    mock.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems }));
    const store = new DynamoBeliefStore({ client: mocked, table: 't', maxBatchAttempts: 3, sleep: async () => undefined });
    await expect(store.put(series(1, '2021-01-01T00:00:00Z', 3, 15, '2021-01-02T00:00:00Z', 1, (i) => i))).rejects.toThrow(/unprocessed after 3 attempts/);
  });

  it('queries each month bucket with a consistent sort-key range from the first day (packed items sort first) and follows LastEvaluatedKey', async () => {
    mock.reset();
    const page = (es: string, v: number) => ({ es: Date.parse(es), bt: Date.parse('2021-03-01T00:00:00Z'), src: 3, cp: 0.5, v });
    mock
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'S#9#2021-01', ':lo': '2021-01-31', ':hi': '2021-02-01T01:00:00.000Z', ':prior': Date.parse('2021-03-01T00:00:00Z'), ':s0': 3 } })
      .resolvesOnce({ Items: [page('2021-01-31T23:00:00Z', 1)], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolvesOnce({ Items: [page('2021-01-31T23:30:00Z', 2)] });
    mock
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'S#9#2021-02', ':lo': '2021-01-31', ':hi': '2021-02-01T01:00:00.000Z', ':prior': Date.parse('2021-03-01T00:00:00Z'), ':s0': 3 } })
      .resolves({ Items: [page('2021-02-01T00:00:00Z', 3)] });
    const store = new DynamoBeliefStore({ client: mocked, table: 't' });
    const out = await store.query({ sensorId: 9, from: Date.parse('2021-01-31T23:00:00Z'), to: Date.parse('2021-02-01T01:00:00Z'), beliefTimeAtMost: Date.parse('2021-03-01T00:00:00Z'), sourceIds: [3] });
    expect(out.map((b) => b.value)).toEqual([1, 2, 3]);
    const inputs = mock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(3);
    for (const input of inputs) {
      expect(input).toMatchObject({
        TableName: 't',
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
        FilterExpression: '(attribute_exists(#d) OR #es >= :from) AND #bt <= :prior AND #src IN (:s0)',
        ConsistentRead: true,
      });
    }
    expect(inputs.filter((i) => i.ExclusiveStartKey).map((i) => [i.ExpressionAttributeValues![':pk'], i.ExclusiveStartKey])).toEqual([
      ['S#9#2021-01', { pk: 'x', sk: 'y' }],
    ]);
  });

  it('takes the stored value of a failed condition from the error when DynamoDB returns it', async () => {
    mock.reset();
    const err = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
      Item: { v: { N: '5' }, pk: { S: 'S#1#2021-01' } },
    });
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    mock.on(PutCommand).rejects(err);
    const store = new DynamoBeliefStore({ client: mocked, table: 't' });
    const b = belief(1, '2021-01-01T00:00:00Z', '2021-01-01T01:00:00Z', 1, 6);
    expect(await store.insert([b])).toEqual({ inserted: [], unchanged: [], conflicts: [{ belief: b, storedValue: 5 }] });
    expect(mock.commandCalls(GetCommand)).toHaveLength(0);
    expect(mock.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });
});

describe('DynamoDB belief store: wide windows', () => {
  it('queries only the months the bucket index lists when a window spans many months', async () => {
    const { client: mocked, mock } = mockedDocumentClient();
    try {
      mock.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'S#5#BUCKETS' } }).resolves({ Items: [{ sk: '1999-12' }, { sk: '2021-03' }, { sk: '2031-01' }] });
      mock.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'S#5#2021-03' } }).resolves({ Items: [{ es: Date.parse('2021-03-02T00:00:00Z'), bt: 0, src: 1, cp: 0.5, v: 7 }] });
      const store = new DynamoBeliefStore({ client: mocked, table: 't' });
      const out = await store.query({ sensorId: 5, from: Date.parse('2000-01-01T00:00:00Z'), to: Date.parse('2030-01-01T00:00:00Z') });
      expect(out.map((b) => b.value)).toEqual([7]);
      expect(mock.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues![':pk'])).toEqual(['S#5#BUCKETS', 'S#5#2021-03']);
    } finally {
      mock.restore();
    }
  });
});
