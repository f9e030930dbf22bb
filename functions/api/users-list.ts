/**
 * GET /api/v3_0/users — users of one account (`account_id`: 404 when unknown, 403 without read on
 * it) or of every account the caller can read, concatenated per account (docs/contract/api.md §7.14). Only
 * active users unless `include_inactive` is true (marshmallow's boolean spellings accepted).
 */
import { userJson } from '../core/accounts/serialize.js';
import { canAccount } from '../core/permissions.js';
import { loadAccount, readableAccounts } from '../http/accounts.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../http/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { validate } from '../http/validation.js';
import { listUsersQuery, usersAccountQuery } from '../../schemas/generated/validators.js';
import { userStore } from '../stores/index.js';

const TRUTHY = new Set(['t', 'true', 'on', 'y', 'yes', '1']);
const FALSY = new Set(['f', 'false', 'off', 'n', 'no', '0']);

/** marshmallow's Boolean accepts more spellings than JSON Schema's coercion ("True", "yes", "1", …). */
function normaliseBoolean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  return TRUTHY.has(lower) ? 'true' : FALSY.has(lower) ? 'false' : value;
}

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const { account_id: accountId } = validate<{ account_id?: number }>(usersAccountQuery, { ...req.query });
  const accounts = accountId === undefined ? null : [await loadAccount(accountId)];
  const query = { ...req.query };
  if (query.include_inactive !== undefined) query.include_inactive = normaliseBoolean(query.include_inactive)!;
  const { include_inactive: includeInactive = false } = validate<{ include_inactive?: boolean }>(listUsersQuery, query);
  if (accounts && !canAccount(actor, accounts[0]!, 'read')) {
    throw new ForbiddenError(`user ${actor.userId} may not read account ${accounts[0]!.id}`);
  }
  const selected = accounts ?? (await readableAccounts(actor));
  const perAccount = await Promise.all(selected.map((a) => userStore().listByAccount(a.id)));
  const users = perAccount.flat().filter((u) => includeInactive || u.active);
  return reply(users.map(userJson));
});
