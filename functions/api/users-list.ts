/**
 * GET /api/v3_0/users — users of one account (`account_id`: 404 when unknown, 403 without read on
 * it) or of every account the caller can read, concatenated per account (docs/contract/api.md §7.14). Only
 * active users unless `include_inactive` is true (marshmallow's boolean spellings accepted).
 */
import type { Account } from '../core/ports/accounts.js';
import { loadAccount } from '../app/accounts.js';
import { listUsers } from '../app/users.js';
import { userJson } from '../core/accounts/serialize.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/users-list.js';

const TRUTHY = new Set(['t', 'true', 'on', 'y', 'yes', '1']);
const FALSY = new Set(['f', 'false', 'off', 'n', 'no', '0']);

function normaliseBoolean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  return TRUTHY.has(lower) ? 'true' : FALSY.has(lower) ? 'false' : value;
}

interface UsersQuery {
  account_id?: number;
  include_inactive?: boolean;
}

export const handler = routeHandler<typeof contract, object, UsersQuery, Account | null>(contract, {
  // The account is looked up (404) before `include_inactive` is validated.
  order: ['query:0', 'load', 'query:1'],
  load: async ({ query, deps }) => (query.account_id === undefined ? null : loadAccount(deps, query.account_id)),
  prepareQuery: (query) => (query.include_inactive === undefined ? query : { ...query, include_inactive: normaliseBoolean(query.include_inactive)! }),
  handle: async ({ query, loaded: account }, { actor }, deps) =>
    reply((await listUsers(deps, actor, account, query.include_inactive === true)).map(userJson)),
});
