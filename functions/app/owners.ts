/**
 * The permission view of what an account owns (an asset, and so its sensors): the owning account's
 * id and consultancy account, read through the accounts port. Null owner: a public asset.
 */
import type { AccountRef, OwnedRef } from '../core/permissions.js';
import type { Account } from '../core/ports/accounts.js';
import type { Ports } from '../core/ports/index.js';

function accountRef(account: Account | null, id: number): AccountRef {
  return { id, consultancyAccountId: account?.consultancyAccountId ?? null };
}

/** The permission view of something owned by `accountId` (null: public). */
export async function ownedBy(deps: Pick<Ports, 'accounts'>, accountId: number | null): Promise<OwnedRef> {
  if (accountId === null) return { account: null };
  return { account: accountRef(await deps.accounts.get(accountId), accountId) };
}

/** Permission views for several owners at once (one read per distinct account). */
export async function ownersOf(deps: Pick<Ports, 'accounts'>, accountIds: Iterable<number | null>): Promise<Map<number | null, OwnedRef>> {
  const ids = [...new Set([...accountIds].filter((id): id is number => id !== null))];
  const accounts = new Map((await deps.accounts.getMany(ids)).map((a) => [a.id, a]));
  const out = new Map<number | null, OwnedRef>([[null, { account: null }]]);
  for (const id of ids) out.set(id, { account: accountRef(accounts.get(id) ?? null, id) });
  return out;
}
