/**
 * The DynamoDB toolkit every adapter works through: conditional writes as outcomes, the expiring
 * claim (held before its expiry, free from it on), holder-checked releases, unique-value markers,
 * paginated queries with a limit, batch reads and writes that retry unprocessed items with back-off
 * and give up after a bounded number of attempts — on dynalite, and with a mocked client where
 * DynamoDB's paging and throttling must be staged. Also: adapters built with an explicit client
 * and table name use exactly those.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoTable } from '../../../functions/stores/dynamodb/toolkit.js';
import { ENTITY_TABLE, createTableInput } from '../../../functions/stores/dynamodb/tables.js';
import { DynamoAccountStore } from '../../../functions/stores/dynamodb/accounts.js';
import { DynamoLeaseStore } from '../../../functions/stores/dynamodb/leases.js';
import { mockedDocumentClient, startLocalClient, type LocalClient } from './local-client.js';

let local: LocalClient;
let table: DynamoTable;

beforeAll(async () => {
  local = await startLocalClient();
  table = new DynamoTable(ENTITY_TABLE, { client: local.client, table: 'fm-entities' });
});
afterAll(async () => {
  await local?.close();
});

describe('DynamoTable on dynalite', () => {
  it('reports a failed condition as an outcome, and returns the new item of a conditional update', async () => {
    expect(await table.putIf({ pk: 'T#1', sk: 'T', n: 1 })).toEqual({ written: true });
    expect(await table.putIf({ pk: 'T#1', sk: 'T', n: 2 })).toMatchObject({ written: false });
    expect(await table.get({ pk: 'T#1', sk: 'T' })).toEqual({ pk: 'T#1', sk: 'T', n: 1 });
    expect(await table.updateIf({ pk: 'T#1', sk: 'T' }, { set: { n: 3, name: 'x' } })).toEqual({ written: true, item: { pk: 'T#1', sk: 'T', n: 3, name: 'x' } });
    expect(await table.updateIf({ pk: 'T#missing', sk: 'T' }, { set: { n: 1 } })).toEqual({ written: false });
    expect(await table.get({ pk: 'T#missing', sk: 'T' })).toBeNull();
    expect(await table.delete({ pk: 'T#1', sk: 'T' }, { expression: 'n = :n', values: { ':n': 4 } })).toBe(false);
    expect(await table.delete({ pk: 'T#1', sk: 'T' }, { expression: 'n = :n', values: { ':n': 3 } })).toBe(true);
  });

  it('holds an expiring claim before its expiry and frees it at the expiry instant; only the holder releases it', async () => {
    const key = { pk: 'CLAIM#a', sk: 'CLAIM' };
    expect(await table.claimExpiring({ ...key, holder: 'first', until: 2_000 }, 'until', 1_000)).toBe(true);
    expect(await table.claimExpiring({ ...key, holder: 'second', until: 3_000 }, 'until', 1_999)).toBe(false);
    expect(await table.claimExpiring({ ...key, holder: 'second', until: 3_000 }, 'until', 2_000)).toBe(true);
    expect(await table.release(key, 'holder', 'first')).toBe(false);
    expect(await table.get(key)).toMatchObject({ holder: 'second' });
    expect(await table.release(key, 'holder', 'second')).toBe(true);
    expect(await table.get(key)).toBeNull();
  });

  it('takes a unique-value marker when free or already ours, takes over a left-over one, and refuses one still held', async () => {
    const key = { pk: 'MARK#x', sk: 'MARK' };
    const held = async () => true;
    const leftOver = async () => false;
    expect(await table.takeMarker(key, 'ownerId', 1, held)).toBe(true);
    expect(await table.takeMarker(key, 'ownerId', 1, held)).toBe(true);
    expect(await table.takeMarker(key, 'ownerId', 2, held)).toBe(false);
    expect(await table.get(key)).toMatchObject({ ownerId: 1 });
    expect(await table.takeMarker(key, 'ownerId', 2, leftOver, { at: 5 })).toBe(true);
    expect(await table.get(key)).toEqual({ ...key, ownerId: 2, at: 5 });
  });

  it('reads a partition in sort-key order, after a sort key, up to a limit; batch-reads and batch-deletes many keys', async () => {
    const keys = Array.from({ length: 130 }, (_, i) => ({ pk: 'PART#1', sk: `S#${String(i).padStart(3, '0')}` }));
    await table.putAll(keys.map((k, i) => ({ ...k, i })));
    expect((await table.partition('PART#1')).map((item) => item.i)).toEqual(keys.map((_, i) => i));
    expect((await table.partition('PART#1', { sortAfter: 'S#127' })).map((item) => item.i)).toEqual([128, 129]);
    expect((await table.partition('PART#1', { limit: 5, projection: ['sk'] }))).toEqual(keys.slice(0, 5).map(({ sk }) => ({ sk })));
    const read = await table.batchGet([...keys, keys[0]!, { pk: 'PART#1', sk: 'none' }]);
    expect(read.map((item) => item.i).sort((a, b) => Number(a) - Number(b))).toEqual(keys.map((_, i) => i));
    await table.deleteAll(keys);
    expect(await table.partition('PART#1')).toEqual([]);
  });

  it('gives adapters built with a client and a table name exactly that table', async () => {
    const base = new DynamoDBClient({ endpoint: local.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      await base.send(new CreateTableCommand(createTableInput(ENTITY_TABLE, 'other-entities')));
    } finally {
      base.destroy();
    }
    const accounts = new DynamoAccountStore({ client: local.client, table: 'other-entities' });
    const created = await accounts.create({ name: 'Elsewhere' });
    expect(await accounts.get(created.id)).toEqual(created);
    expect(await new DynamoAccountStore({ client: local.client, table: 'fm-entities' }).get(created.id)).toBeNull();
    const leases = new DynamoLeaseStore({ client: local.client, table: 'other-entities' });
    expect(await leases.tryAcquire('only-here', 1_000, 0)).not.toBeNull();
    expect(await new DynamoLeaseStore({ client: local.client, table: 'fm-entities' }).tryAcquire('only-here', 1_000, 0)).not.toBeNull();
  });
});

describe('DynamoTable requests (mocked client)', () => {
  const { client: mocked, mock } = mockedDocumentClient();
  afterAll(() => mock.restore());

  it('follows LastEvaluatedKey, asking only for what the limit leaves', async () => {
    mock.reset();
    mock
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ i: 1 }, { i: 2 }], LastEvaluatedKey: { pk: 'p', sk: '2' } })
      .resolvesOnce({ Items: [{ i: 3 }, { i: 4 }], LastEvaluatedKey: { pk: 'p', sk: '4' } })
      .resolvesOnce({ Items: [{ i: 5 }] });
    const t = new DynamoTable(ENTITY_TABLE, { client: mocked, table: 't' });
    expect(await t.partition('p', { limit: 4 })).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
    const inputs = mock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.Limit, i.ExclusiveStartKey])).toEqual([
      [4, undefined],
      [2, { pk: 'p', sk: '2' }],
    ]);
    expect(inputs[0]).toMatchObject({ TableName: 't', KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': 'p' }, ConsistentRead: true });
  });

  it('reads at most 100 keys per BatchGetItem and retries unprocessed keys with back-off', async () => {
    mock.reset();
    let calls = 0;
    mock.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> }) => {
      calls += 1;
      const keys = input.RequestItems.t!.Keys;
      expect(keys.length).toBeLessThanOrEqual(100);
      // The first answer leaves its last key unprocessed.
      const answered = calls === 1 ? keys.slice(0, -1) : keys;
      return { Responses: { t: answered.map((k) => ({ ...k, found: true })) }, UnprocessedKeys: calls === 1 ? { t: { Keys: keys.slice(-1) } } : {} };
    });
    const waits: number[] = [];
    const t = new DynamoTable(ENTITY_TABLE, { client: mocked, table: 't', batchConcurrency: 1, sleep: async (ms) => void waits.push(ms) });
    const keys = Array.from({ length: 150 }, (_, i) => ({ pk: `K#${i}`, sk: 'K' }));
    expect((await t.batchGet(keys)).length).toBe(150);
    expect(mock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!.t!.Keys!.length)).toEqual([100, 1, 50]);
    expect(waits).toHaveLength(1);
  });

  it('gives up on writes DynamoDB keeps unprocessed after the configured attempts', async () => {
    mock.reset();
    mock.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems }));
    const t = new DynamoTable(ENTITY_TABLE, { client: mocked, table: 't', maxBatchAttempts: 4, sleep: async () => undefined });
    await expect(t.putAll([{ pk: 'a', sk: 'b' }])).rejects.toThrow('DynamoDB left 1 writes unprocessed after 4 attempts');
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(4);
  });

  it('hands back the item that made a put condition fail when DynamoDB returns it', async () => {
    mock.reset();
    const err = Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException', Item: { n: { N: '7' }, pk: { S: 'x' } } });
    mock.on(PutCommand).rejects(err);
    const t = new DynamoTable(ENTITY_TABLE, { client: mocked, table: 't' });
    expect(await t.putIf({ pk: 'x', sk: 'y', n: 8 }, undefined, true)).toEqual({ written: false, current: { n: 7, pk: 'x' } });
    expect(mock.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
  });
});
