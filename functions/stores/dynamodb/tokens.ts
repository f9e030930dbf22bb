/**
 * Authentication tokens on DynamoDB: one item per token, keyed by the token's SHA-256 hash (the
 * token itself is never stored). `expiresAt` (epoch seconds) lets DynamoDB TTL clean up; expiry is
 * always checked on read by the caller.
 */
import type { TokenRecord, TokenStore } from '../../core/ports/accounts.js';
import { tokenKey } from './accounts-keys.js';
import { ENTITY_TABLE } from './tables.js';
import { TableAdapter, type TableOptions } from './toolkit.js';

export class DynamoTokenStore extends TableAdapter implements TokenStore {
  constructor(options: TableOptions = {}) {
    super(ENTITY_TABLE, options);
  }

  async put(token: TokenRecord): Promise<void> {
    const outcome = await this.table.putIf({
      ...tokenKey(token.hash),
      kind: 'token',
      hash: token.hash,
      userId: token.userId,
      uniquifier: token.uniquifier,
      issuedAtMs: token.issuedAt,
      expiresAtMs: token.expiresAt,
      expiresAt: Math.ceil(token.expiresAt / 1000),
    });
    if (!outcome.written) throw new Error('A token with this hash is already stored');
  }

  async get(hash: string): Promise<TokenRecord | null> {
    const item = await this.table.get(tokenKey(hash));
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
