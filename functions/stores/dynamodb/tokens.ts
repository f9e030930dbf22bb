/**
 * Authentication tokens on DynamoDB: one item per token, keyed by the token's SHA-256 hash (the
 * token itself is never stored). `expiresAt` (epoch seconds) lets DynamoDB TTL clean up; expiry is
 * always checked on read by the caller.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TokenRecord, TokenStore } from '../../core/ports/accounts.js';
import { documentClient } from './client.js';
import { tokenKey } from './accounts-keys.js';
import { ENTITY_TABLE, tableName } from './tables.js';

const table = () => tableName(ENTITY_TABLE);

export class DynamoTokenStore implements TokenStore {
  async put(token: TokenRecord): Promise<void> {
    await documentClient().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...tokenKey(token.hash),
          kind: 'token',
          hash: token.hash,
          userId: token.userId,
          uniquifier: token.uniquifier,
          issuedAtMs: token.issuedAt,
          expiresAtMs: token.expiresAt,
          expiresAt: Math.ceil(token.expiresAt / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(hash: string): Promise<TokenRecord | null> {
    const out = await documentClient().send(new GetCommand({ TableName: table(), Key: tokenKey(hash), ConsistentRead: true }));
    const item = out.Item;
    if (!item) return null;
    return {
      hash: String(item.hash),
      userId: Number(item.userId),
      uniquifier: String(item.uniquifier),
      issuedAt: Number(item.issuedAtMs),
      expiresAt: Number(item.expiresAtMs),
    };
  }
}
