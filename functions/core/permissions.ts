/**
 * FlexMeasures' permission model (docs/contract/api.md §4): roles and the access-control table of §4.2.
 * Pure: callers load the objects and pass what the rules need. Per-object decisions are always
 * made here, in the handlers, after `authenticate` (functions/http/auth.ts) loaded the caller.
 */

export const ADMIN = 'admin';
export const ADMIN_READER = 'admin-reader';
export const ACCOUNT_ADMIN = 'account-admin';
export const CONSULTANT = 'consultant';

export type Permission = 'create-children' | 'read' | 'update' | 'delete';

/** Who is asking. */
export interface Actor {
  userId: number;
  accountId: number;
  roles: readonly string[];
}

/** An account as far as permissions go. */
export interface AccountRef {
  id: number;
  consultancyAccountId: number | null;
}

/** An asset (or a sensor, through its asset): owner null = public asset. */
export interface OwnedRef {
  account: AccountRef | null;
}

export interface UserRef {
  id: number;
  account: AccountRef;
}

const has = (actor: Actor, role: string) => actor.roles.includes(role);
const memberOf = (actor: Actor, account: AccountRef | null) => account !== null && actor.accountId === account.id;
const consultantOf = (actor: Actor, account: AccountRef | null) =>
  account !== null && account.consultancyAccountId !== null && actor.accountId === account.consultancyAccountId && has(actor, CONSULTANT);

/** Admins pass everything; admin-readers pass every read (docs/contract/api.md §4.2 (a), (b)). */
function superuser(actor: Actor, permission: Permission): boolean {
  return has(actor, ADMIN) || (permission === 'read' && has(actor, ADMIN_READER));
}

/**
 * Whether the actor passes `permission` on every object through a role (admin: everything;
 * admin-reader: reads) — e.g. to list all accounts instead of the readable ones.
 */
export function hasAdminAccess(actor: Actor, permission: Permission): boolean {
  return superuser(actor, permission);
}

/** Account A: create-children = member + account-admin; read = member or consultant of A; update = member; delete = admins only. */
export function canAccount(actor: Actor, account: AccountRef, permission: Permission): boolean {
  if (superuser(actor, permission)) return true;
  switch (permission) {
    case 'create-children':
      return memberOf(actor, account) && has(actor, ACCOUNT_ADMIN);
    case 'read':
      return memberOf(actor, account) || consultantOf(actor, account);
    case 'update':
      return memberOf(actor, account);
    case 'delete':
      return false;
  }
}

/**
 * Something an account owns (an asset, or a sensor through its asset): read follows the account;
 * every other permission needs membership, plus the account-admin role for those in `adminOnly`.
 * Public ones (no account) are readable by every logged-in user and changeable by admins only.
 */
function canOwned(actor: Actor, owned: OwnedRef, permission: Permission, adminOnly: readonly Permission[]): boolean {
  if (superuser(actor, permission)) return true;
  const account = owned.account;
  if (account === null) return permission === 'read';
  if (permission === 'read') return canAccount(actor, account, 'read');
  return memberOf(actor, account) && (!adminOnly.includes(permission) || has(actor, ACCOUNT_ADMIN));
}

/** Generic asset: create-children and update = member; delete = member + account-admin. */
export function canAsset(actor: Actor, asset: OwnedRef, permission: Permission): boolean {
  return canOwned(actor, asset, permission, ['delete']);
}

/** Sensor on an asset: create-children (posting data, triggering schedules) = member; update/delete = member + account-admin. */
export function canSensor(actor: Actor, asset: OwnedRef, permission: Permission): boolean {
  return canOwned(actor, asset, permission, ['update', 'delete']);
}

/** User U: read = same account (consultants do not get this); update = U themself or an account-admin of U's account. */
export function canUser(actor: Actor, user: UserRef, permission: Permission): boolean {
  if (superuser(actor, permission)) return true;
  switch (permission) {
    case 'read':
      return memberOf(actor, user.account);
    case 'update':
      return actor.userId === user.id || (memberOf(actor, user.account) && has(actor, ACCOUNT_ADMIN));
    default:
      return false;
  }
}

/** Account audit log: account-admin of A, or consultant of A (admins and admin-readers too). */
export function canReadAccountAuditLog(actor: Actor, account: AccountRef): boolean {
  if (superuser(actor, 'read')) return true;
  return (memberOf(actor, account) && has(actor, ACCOUNT_ADMIN)) || consultantOf(actor, account);
}

/** User audit log: U themself, an account-admin of U's account, or a consultant of U's account. */
export function canReadUserAuditLog(actor: Actor, user: UserRef): boolean {
  if (superuser(actor, 'read')) return true;
  return (
    actor.userId === user.id ||
    (memberOf(actor, user.account) && has(actor, ACCOUNT_ADMIN)) ||
    consultantOf(actor, user.account)
  );
}
