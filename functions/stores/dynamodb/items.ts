/**
 * Small helpers over the document client used by the entity adapters: paginated index queries,
 * batched gets (with retries of unprocessed keys), update expressions, and recognising a failed
 * condition.
 */
import { BatchGetCommand, QueryCommand, type QueryCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client.js';

export type Item = Record<string, unknown>;
export type Key = { pk: string; sk: string };

/** Whether a write failed because its ConditionExpression did not hold. */
export function isConditionFailed(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/**
 * The expression parts of an UpdateCommand that sets the attributes of `set` (attribute → value)
 * and removes those of `remove`; every attribute goes through a placeholder name, so reserved words
 * (`name`, `status`, …) need no care. At least one attribute must be given.
 */
export function updateExpression(
  set: Readonly<Record<string, unknown>>,
  remove: readonly string[] = [],
): Pick<UpdateCommandInput, 'UpdateExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const names: Record<string, string> = {};
  const values: Item = {};
  const assignments = Object.entries(set).map(([attribute, value], i) => {
    names[`#a${i}`] = attribute;
    values[`:v${i}`] = value;
    return `#a${i} = :v${i}`;
  });
  const removals = remove.map((attribute, i) => {
    names[`#r${i}`] = attribute;
    return `#r${i}`;
  });
  if (!assignments.length && !removals.length) throw new Error('updateExpression: nothing to set or remove');
  return {
    UpdateExpression: [assignments.length ? `SET ${assignments.join(', ')}` : '', removals.length ? `REMOVE ${removals.join(', ')}` : '']
      .filter(Boolean)
      .join(' '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: assignments.length ? values : undefined,
  };
}

/** Every item of one partition of the table or an index, in sort-key order (follows pagination). */
export async function queryAll(
  table: string,
  partition: { index?: string; keyName: string; value: string },
  extra: Partial<QueryCommandInput> = {},
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: table,
        IndexName: partition.index,
        KeyConditionExpression: '#k = :v',
        ExpressionAttributeNames: { '#k': partition.keyName },
        ExpressionAttributeValues: { ':v': partition.value },
        ExclusiveStartKey: start,
        ...extra,
      }),
    );
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Gets many items by key (100 per request, unprocessed keys retried); missing items are left out, order is not kept. */
export async function batchGetAll(table: string, keys: readonly Key[], consistent = false): Promise<Item[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const items: Item[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Key[] = unique.slice(i, i + 100);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      if (attempt > 8) throw new Error('BatchGetItem kept returning unprocessed keys');
      const out = await documentClient().send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }),
      );
      items.push(...((out.Responses?.[table] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
  }
  return items;
}

/** Whether DynamoDB can hold a finite double as a number: 0, or a magnitude in [1e-130, 1e126). */
export function fitsDynamoNumber(value: number): boolean {
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude >= 1e-130 && magnitude < 1e126);
}

/**
 * Whether a JSON-like value holds only numbers DynamoDB can store as numbers (a request may carry,
 * say, `1e-133`, which JSON and JavaScript accept and a DynamoDB number does not).
 */
export function allNumbersFit(value: unknown): boolean {
  if (typeof value === 'number') return fitsDynamoNumber(value);
  if (Array.isArray(value)) return value.every(allNumbersFit);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allNumbersFit);
  return true;
}
