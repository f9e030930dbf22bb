/**
 * The one DynamoDB toolkit of the adapters in this folder: a table bound to its document client,
 * with what every adapter needs written once — consistent gets, paginated queries, batch gets and
 * batch writes that retry unprocessed items with bounded back-off, conditional puts, updates and
 * deletes whose failed condition is an outcome (never an exception), the expiring claim shared by
 * write leases and trigger markers, and the unique-value markers of names and e-mail addresses.
 *
 * Client and table name are looked up at each call unless given explicitly, so an adapter built
 * with no options follows the container's shared client and the environment's table names.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { backoffMs, chunks, mapLimit, sleep as realSleep } from '../../core/pool.js';
import { pingTable } from './client.js';
import { isConditionFailed, updateExpression, type Item, type Key } from './items.js';
import type { TableDefinition } from './tables.js';

/** Where an adapter's items live: the ports' document client and the configured table name (functions/stores/index.ts). */
export interface TableOptions {
  client: DynamoDBDocumentClient;
  table: string;
}

/** How batch requests behave. */
export interface BatchOptions {
  /** Attempts per batch while DynamoDB leaves items unprocessed (default 10). */
  maxBatchAttempts?: number;
  /** Batch requests in flight (default 8). */
  batchConcurrency?: number;
  /** Waits between retries (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
}

/** A condition of a write: the expression and its placeholders. */
export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Item;
}

/** The outcome of a conditional write: written (with the new item when asked for), or refused by its condition (with the item that stood in the way when DynamoDB returned it). */
export type Conditional = { written: true; item?: Item } | { written: false; current?: Item };

/** The condition of a put that only creates: no item has the key yet. */
export const NEW_ITEM: Condition = { expression: 'attribute_not_exists(pk)' };
/** The condition of a write that only changes: the item exists. */
export const EXISTING_ITEM: Condition = { expression: 'attribute_exists(pk)' };

/** An expiring claim is held at instants before its expiry and free from its expiry on. */
export const isHeld = (until: number | undefined, now: number): boolean => (until ?? 0) > now;

/** An adapter over one table: `table` is its toolkit, on the client and table name of the options (or the defaults). */
export abstract class TableAdapter {
  protected readonly table: DynamoTable;

  constructor(definition: TableDefinition, options: TableOptions) {
    this.table = new DynamoTable(definition, options);
  }
}

const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;

const keyOf = (k: Key) => `${k.pk}\u0000${k.sk}`;

export class DynamoTable {
  constructor(
    private readonly definition: TableDefinition,
    private readonly options: TableOptions & BatchOptions,
  ) {}

  get client(): DynamoDBDocumentClient {
    return this.options.client;
  }

  get name(): string {
    return this.options.table;
  }

  private get sleep(): (ms: number) => Promise<void> {
    return this.options.sleep ?? realSleep;
  }

  /** Readiness: the table exists and answers. */
  ping(): Promise<boolean> {
    return pingTable(this.name, this.client);
  }

  // ---------------------------------------------------------------- single items

  /** The item with this key (a consistent read unless said otherwise), or null. */
  async get(key: Key, consistent = true): Promise<Item | null> {
    const out = await this.client.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: consistent }));
    return (out.Item as Item | undefined) ?? null;
  }

  /** The entity stored under this key (consistent read), decoded; null when there is none. */
  async find<T>(key: Key, decode: (item: Item) => T): Promise<T | null> {
    const item = await this.get(key);
    return item ? decode(item) : null;
  }

  /** The entities stored under these keys (consistent reads), by id; missing ones are left out. */
  async findMany<T extends { id: number }>(keys: readonly Key[], decode: (item: Item) => T): Promise<Map<number, T>> {
    return new Map((await this.batchGet(keys)).map(decode).map((entity) => [entity.id, entity]));
  }

  /** Writes an item unconditionally. */
  async put(item: Item): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.name, Item: item }));
  }

  /**
   * Writes an item if `condition` holds (by default: if its key is free). With `returnCurrent`,
   * a refusal carries the item that stood in the way when DynamoDB returns it.
   */
  async putIf(item: Item, condition: Condition = NEW_ITEM, returnCurrent = false): Promise<Conditional> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.name,
          Item: item,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: condition.names,
          ExpressionAttributeValues: condition.values,
          ...(returnCurrent ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
        }),
      );
      return { written: true };
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
      const returned = (err as { Item?: Record<string, AttributeValue> }).Item;
      return { written: false, current: returned && Object.keys(returned).length ? unmarshall(returned) : undefined };
    }
  }

  /**
   * Changes an item with an update expression (`update`: raw parts, or attributes to set and
   * remove) if `condition` holds (by default: if the item exists); the new item when written.
   */
  async updateIf(
    key: Key,
    update:
      | { set: Readonly<Record<string, unknown>>; remove?: readonly string[] }
      | Pick<UpdateCommandInput, 'UpdateExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>,
    condition: Condition | null = EXISTING_ITEM,
  ): Promise<Conditional> {
    const parts = 'set' in update ? updateExpression(update.set, update.remove) : update;
    const names = { ...parts.ExpressionAttributeNames, ...condition?.names };
    const values = { ...parts.ExpressionAttributeValues, ...condition?.values };
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.name,
          Key: key,
          UpdateExpression: parts.UpdateExpression,
          ConditionExpression: condition?.expression,
          ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
          ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { written: true, item: out.Attributes as Item | undefined };
    } catch (err) {
      if (isConditionFailed(err)) return { written: false };
      throw err;
    }
  }

  /** Deletes an item, if `condition` holds when one is given; false when it did not. */
  async delete(key: Key, condition?: Condition): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.name,
          Key: key,
          ConditionExpression: condition?.expression,
          ExpressionAttributeNames: condition?.names,
          ExpressionAttributeValues: condition?.values,
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  // ---------------------------------------------------------------- queries

  /** Every item a query finds, following LastEvaluatedKey (each page is at most 1 MB); at most `limit` when given. */
  async query(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, limit?: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const left = limit === undefined ? undefined : limit - items.length;
      const out = await this.client.send(
        new QueryCommand({ ...input, ...(left === undefined ? {} : { Limit: left }), TableName: this.name, ExclusiveStartKey: start }),
      );
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length < limit));
    return items;
  }

  /**
   * Every item of one partition of the table (`pk`) or of an index (`gsi1` → `gsi1pk`), in sort-key
   * order. Table partitions are read consistently (indexes cannot be).
   */
  partition(
    value: string,
    options: { index?: 'gsi1' | 'gsi2'; projection?: readonly string[]; sortAfter?: string; limit?: number } = {},
  ): Promise<Item[]> {
    const keyName = options.index ? `${options.index}pk` : 'pk';
    const names: Record<string, string> = { '#pk': keyName };
    const values: Item = { ':pk': value };
    let condition = '#pk = :pk';
    if (options.sortAfter !== undefined) {
      names['#sk'] = options.index ? `${options.index}sk` : 'sk';
      values[':after'] = options.sortAfter;
      condition += ' AND #sk > :after';
    }
    options.projection?.forEach((attribute, i) => (names[`#p${i}`] = attribute));
    return this.query(
      {
        IndexName: options.index,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ProjectionExpression: options.projection?.map((_, i) => `#p${i}`).join(', '),
        ConsistentRead: options.index ? undefined : true,
      },
      options.limit,
    );
  }

  // ---------------------------------------------------------------- batches

  /**
   * The items with these keys (100 per BatchGetItem, several in flight, unprocessed keys retried
   * with back-off); missing items are left out, the order is not kept, a key given twice is read once.
   */
  async batchGet(keys: readonly Key[], options: { consistent?: boolean; concurrency?: number } = {}): Promise<Item[]> {
    const unique = [...new Map(keys.map((k) => [keyOf(k), { pk: k.pk, sk: k.sk }])).values()];
    const pages = await mapLimit(chunks(unique, BATCH_GET_LIMIT), options.concurrency ?? this.options.batchConcurrency ?? 8, async (batch) => {
      const found: Item[] = [];
      await this.retryUnprocessed(batch, 'reads', async (pending) => {
        const out = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending, ConsistentRead: options.consistent ?? true } } }),
        );
        found.push(...((out?.Responses?.[this.name] ?? []) as Item[]));
        return (out?.UnprocessedKeys?.[this.name]?.Keys ?? []) as Key[];
      });
      return found;
    });
    return pages.flat();
  }

  /** BatchWriteItem in 25s (several in flight), retrying UnprocessedItems with back-off. */
  async batchWrite(requests: readonly ({ PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } })[]): Promise<void> {
    await mapLimit(chunks(requests, BATCH_WRITE_LIMIT), this.options.batchConcurrency ?? 8, (batch) =>
      this.retryUnprocessed(batch, 'writes', async (pending) => {
        const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.name]: pending as never } }));
        return (out.UnprocessedItems?.[this.name] ?? []) as typeof pending;
      }),
    );
  }

  /** Puts many items (BatchWriteItem). */
  putAll(items: readonly Item[]): Promise<void> {
    return this.batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  }

  /** Deletes many items by key (BatchWriteItem). */
  deleteAll(keys: readonly Key[]): Promise<void> {
    return this.batchWrite(keys.map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } })));
  }

  /** Sends `request` until it leaves nothing unprocessed, waiting with back-off in between; gives up after maxBatchAttempts. */
  private async retryUnprocessed<T>(batch: readonly T[], what: string, request: (pending: T[]) => Promise<T[]>): Promise<void> {
    const maxAttempts = this.options.maxBatchAttempts ?? 10;
    let pending = [...batch];
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= maxAttempts) throw new Error(`DynamoDB left ${pending.length} ${what} unprocessed after ${maxAttempts} attempts`);
      if (attempt > 0) await this.sleep(backoffMs(attempt));
      pending = await request(pending);
    }
  }

  // ---------------------------------------------------------------- claims

  /**
   * Takes an expiring claim: writes `item` if no item has its key, or the one there has expired
   * (its `expiry` attribute, epoch ms, is at most `now`: see `isHeld`). False when it is held.
   */
  async claimExpiring(item: Item & Key, expiry: string, now: number): Promise<boolean> {
    const outcome = await this.putIf(item, {
      expression: 'attribute_not_exists(pk) OR #until <= :now',
      names: { '#until': expiry },
      values: { ':now': now },
    });
    return outcome.written;
  }

  /** Deletes a claim or marker only while `holder` (an attribute) still names `value`; false when someone else holds it by now. */
  release(key: Key, holder: string, value: unknown): Promise<boolean> {
    return this.delete(key, { expression: '#holder = :holder', names: { '#holder': holder }, values: { ':holder': value } });
  }

  /**
   * Takes a unique-value marker (`key`) for `id`, kept in the attribute `holder` (plus `extra`
   * attributes). A marker already held by `id` counts as taken; one held by another id is taken
   * over only when `stillHeld(marker)` says it is left over from an interrupted write, and only if
   * it is unchanged by then. False when the value belongs to someone else.
   */
  async takeMarker(key: Key, holder: string, id: number, stillHeld: (marker: Item) => Promise<boolean>, extra: Item = {}): Promise<boolean> {
    const item = { ...key, ...extra, [holder]: id };
    if ((await this.putIf(item)).written) return true;
    const marker = await this.get(key);
    if (!marker) return (await this.putIf(item)).written;
    const current = Number(marker[holder]);
    if (current === id) return true;
    if (await stillHeld(marker)) return false;
    const outcome = await this.putIf(item, {
      expression: 'attribute_not_exists(pk) OR #holder = :stale',
      names: { '#holder': holder },
      values: { ':stale': marker[holder] },
    });
    return outcome.written;
  }
}
