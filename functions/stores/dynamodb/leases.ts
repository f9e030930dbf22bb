/**
 * Write leases in the entity table: `pk = LEASE#<name>`, `sk = LEASE`, with the holder's random
 * token and `leaseUntil` (epoch ms). Taking a lease is one conditional PutItem (no item, or an
 * expired one); releasing is a DeleteItem conditional on the token, so a holder that outlived its
 * lease never removes the next holder's. `expiresAt` (epoch seconds) lets DynamoDB's TTL remove
 * leftovers of crashed holders; expiry itself is decided by `leaseUntil`, never by the TTL.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Lease, LeaseStore } from '../../core/ports/leases.js';
import { documentClient } from './client.js';
import { isConditionFailed } from './items.js';
import { ENTITY_TABLE, tableName } from './tables.js';

const leaseKey = (name: string) => ({ pk: `LEASE#${name}`, sk: 'LEASE' });

export interface DynamoLeaseStoreOptions {
  /** Document client (default: the container's shared one). */
  client?: DynamoDBDocumentClient;
  /** Table name (default: ENTITY_TABLE from the environment). */
  table?: string;
}

export class DynamoLeaseStore implements LeaseStore {
  constructor(private readonly options: DynamoLeaseStoreOptions = {}) {}

  private get client(): DynamoDBDocumentClient {
    return this.options.client ?? documentClient();
  }

  private get table(): string {
    return this.options.table ?? tableName(ENTITY_TABLE);
  }

  async tryAcquire(name: string, durationMs: number, now = Date.now()): Promise<Lease | null> {
    const token = randomUUID();
    const until = now + durationMs;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...leaseKey(name), token, leaseUntil: until, expiresAt: Math.ceil(until / 1000) + 3600 },
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now',
          ExpressionAttributeNames: { '#until': 'leaseUntil' },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
    } catch (err) {
      if (isConditionFailed(err)) return null;
      throw err;
    }
    let released = false;
    return {
      name,
      until,
      release: async () => {
        if (released) return;
        released = true;
        try {
          await this.client.send(
            new DeleteCommand({
              TableName: this.table,
              Key: leaseKey(name),
              ConditionExpression: '#token = :token',
              ExpressionAttributeNames: { '#token': 'token' },
              ExpressionAttributeValues: { ':token': token },
            }),
          );
        } catch (err) {
          // Expired and taken by another writer meanwhile: theirs now, nothing to release.
          if (!isConditionFailed(err)) throw err;
        }
      },
    };
  }
}
