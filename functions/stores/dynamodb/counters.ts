/**
 * Integer ids as FlexMeasures clients expect them, from atomic counters in the entity table
 * (`pk = COUNTER`, `sk = <kind>`; UpdateItem ADD is atomic, no transaction needed).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client.js';
import { ENTITY_TABLE, tableName } from './tables.js';

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

/** Reserves the next id of a kind (1, 2, 3, …). */
export async function nextId(kind: CounterKind): Promise<number> {
  const out = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(ENTITY_TABLE),
      Key: { pk: 'COUNTER', sk: kind },
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(out.Attributes?.n);
}
