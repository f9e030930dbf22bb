/**
 * Loading accounts and users for handlers (404 in FlexMeasures' shape when missing), the set of
 * accounts a caller may read, and recording audit events on behalf of the caller.
 */
import { hasAdminAccess, CONSULTANT, type Actor } from '../core/permissions.js';
import { accountStore, auditStore, userStore } from '../stores/index.js';
import type { Account, AuditEvent, User } from '../core/ports/accounts.js';
import type { Caller } from './auth.js';
import { now } from '../lambda/clock.js';
import { NotFoundError } from '../core/errors.js';

/** The account, or 404 `Account <id> not found`. */
export async function loadAccount(id: number): Promise<Account> {
  const account = await accountStore().get(id);
  if (!account) throw new NotFoundError('Account', id);
  return account;
}

/** The user, or 404 `User <id> not found`. */
export async function loadUser(id: number): Promise<User> {
  const user = await userStore().get(id);
  if (!user) throw new NotFoundError('User', id);
  return user;
}

/**
 * The accounts a caller can read (docs/contract/api.md §7.13): all of them for admins and admin-readers; otherwise the
 * caller's own account plus, for consultants, the accounts whose consultancy is the caller's.
 */
export async function readableAccounts(actor: Actor): Promise<Account[]> {
  if (hasAdminAccess(actor, 'read')) return accountStore().list();
  const own = await loadAccount(actor.accountId);
  const clients = actor.roles.includes(CONSULTANT) ? await accountStore().listClients(actor.accountId) : [];
  return [own, ...clients.filter((c) => c.id !== own.id)];
}

/** Records an audit event by the caller (null caller: the admin CLI) at `now()`. */
export function recordAudit(
  caller: Caller | null,
  event: string,
  affected: { userId?: number | null; accountId?: number | null },
): Promise<AuditEvent> {
  return auditStore().record({
    at: now(),
    event,
    activeUserId: caller?.user.id ?? null,
    activeUserName: caller?.user.username ?? null,
    affectedUserId: affected.userId ?? null,
    affectedAccountId: affected.accountId ?? null,
  });
}
