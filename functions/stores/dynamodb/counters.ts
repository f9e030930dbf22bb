/**
 * Integer ids as FlexMeasures clients expect them, from atomic counters in the entity table
 * (`pk = COUNTER`, `sk = <kind>`; UpdateItem ADD is atomic, no transaction needed).
 */
import type { DynamoTable } from './toolkit.js';

export type CounterKind =
  | 'account'
  | 'account-role'
  | 'user'
  | 'role'
  | 'asset'
  | 'asset-type'
  | 'sensor'
  | 'data-source'
  | 'audit';

const counterKey = (kind: CounterKind) => ({ pk: 'COUNTER', sk: kind });

/** Reserves the next id of a kind (1, 2, 3, …). */
export async function nextId(table: DynamoTable, kind: CounterKind): Promise<number> {
  const out = await table.updateIf(
    counterKey(kind),
    { UpdateExpression: 'ADD #n :one', ExpressionAttributeNames: { '#n': 'n' }, ExpressionAttributeValues: { ':one': 1 } },
    null,
  );
  return Number(out.written && out.item?.n);
}

/** Makes the id counter of a kind at least `min` (ids up to `min` are then reserved). */
export async function raiseCounter(table: DynamoTable, kind: CounterKind, min: number): Promise<void> {
  await table.updateIf(
    counterKey(kind),
    { UpdateExpression: 'SET #n = :min', ExpressionAttributeNames: { '#n': 'n' }, ExpressionAttributeValues: { ':min': min } },
    { expression: 'attribute_not_exists(#n) OR #n < :min' },
  );
}
