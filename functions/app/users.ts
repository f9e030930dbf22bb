/**
 * User use cases: loading a user (404), listing, reading one user and their audit log, editing a
 * user (PATCH /users/<id>), password resets, (de)activation, and creating a user (admin CLI).
 * A password change and a deactivation replace the user's uniquifier, which revokes every token
 * of the user at once.
 */
import { activeStatusEvent, passwordResetEvent, userCreatedEvent } from '../core/accounts/events.js';
import { isTimezone } from '../core/accounts/validate.js';
import { hashPassword, randomLetters } from '../core/auth/passwords.js';
import { ForbiddenError, NotFoundError, ResponseError, ValidationError } from '../core/errors.js';
import { MAX_EMAIL_LENGTH } from '../core/limits.js';
import { ADMIN, ADMIN_READER, canAccount, canReadUserAuditLog, canUser, hasAdminAccess, type Actor, type Permission } from '../core/permissions.js';
import { DuplicateError, type Account, type AuditEvent, type NamedRole, type User, type UserChanges } from '../core/ports/accounts.js';
import type { Ports } from '../core/ports/index.js';
import { InputError, loadAccount, readableAccounts } from './accounts.js';
import { recordAudit } from './audit.js';
import type { Caller } from './auth.js';

/** The user, or 404 `User <id> not found`. */
export async function loadUser(deps: Pick<Ports, 'users'>, id: number): Promise<User> {
  const user = await deps.users.get(id);
  if (!user) throw new NotFoundError('User', id);
  return user;
}

/** The user and their account (404 for either), as the user permission rules need them. */
async function loadUserWithAccount(deps: Pick<Ports, 'users' | 'accounts'>, id: number): Promise<{ user: User; account: Account }> {
  const user = await loadUser(deps, id);
  return { user, account: await loadAccount(deps, user.accountId) };
}

/** The user, 404, then the permission on them (403 with `reason` in the log). */
async function userWith(deps: Pick<Ports, 'users' | 'accounts'>, actor: Actor, id: number, permission: Permission, doing: string): Promise<User> {
  const { user, account } = await loadUserWithAccount(deps, id);
  if (!canUser(actor, { id: user.id, account }, permission)) throw new ForbiddenError(`user ${actor.userId} may not ${doing} user ${user.id}`);
  return user;
}

/**
 * One user: 404, then read (members of the user's account, admins, admin-readers; consultants are
 * refused, as in FlexMeasures; 403).
 */
export function getUser(deps: Pick<Ports, 'users' | 'accounts'>, actor: Actor, id: number): Promise<User> {
  return userWith(deps, actor, id, 'read', 'read');
}

/**
 * Users of one account (already loaded: 403 without read on it) or of every account the caller
 * can read, concatenated per account; only active users unless `includeInactive`.
 */
export async function listUsers(deps: Pick<Ports, 'users' | 'accounts'>, actor: Actor, account: Account | null, includeInactive: boolean): Promise<User[]> {
  if (account && !canAccount(actor, account, 'read')) throw new ForbiddenError(`user ${actor.userId} may not read account ${account.id}`);
  const selected = account ? [account] : await readableAccounts(deps, actor);
  const perAccount = await Promise.all(selected.map((a) => deps.users.listByAccount(a.id)));
  return perAccount.flat().filter((u) => includeInactive || u.active);
}

/**
 * The audit events of a user, oldest first: 404, then the user-audit-log rule (the user,
 * account-admins of the account, its consultants, admins, admin-readers; 403).
 */
export async function userAuditLog(deps: Pick<Ports, 'users' | 'accounts' | 'audit'>, actor: Actor, id: number): Promise<AuditEvent[]> {
  const { user, account } = await loadUserWithAccount(deps, id);
  if (!canReadUserAuditLog(actor, { id: user.id, account })) throw new ForbiddenError(`user ${actor.userId} may not read the audit log of user ${user.id}`);
  return deps.audit.listForUser(user.id);
}

/** Sets a user's password (hashed at the deployment's cost), which revokes their tokens; audited as done by `by`. */
export async function setPassword(deps: Pick<Ports, 'users' | 'audit' | 'clock' | 'settings'>, by: Caller | null, user: User, password: string): Promise<User> {
  const updated = await deps.users.setPassword(user.id, await hashPassword(password, deps.settings.scryptCost));
  await recordAudit(deps, by, passwordResetEvent(user.username), { userId: user.id });
  return updated;
}

/**
 * PATCH /users/<id>/password-reset: 404 → update permission (the user, an account-admin of the
 * account, admin; 403) → a random 24-letter password (FlexMeasures' reset; no e-mail is sent).
 */
export async function resetPassword(deps: Pick<Ports, 'users' | 'accounts' | 'audit' | 'clock' | 'settings'>, caller: Caller, id: number): Promise<void> {
  const user = await userWith(deps, caller.actor, id, 'update', 'reset the password of');
  await setPassword(deps, caller, user, randomLetters(24));
}

/**
 * After `active` was written on `user`: a deactivation also replaces the uniquifier (revoking
 * every token, also after a later re-activation); either way the change is audited.
 */
async function afterActiveSet(deps: Pick<Ports, 'users' | 'audit' | 'clock'>, by: Caller | null, user: User, active: boolean): Promise<User> {
  const updated = active ? user : await deps.users.rotateUniquifier(user.id);
  await recordAudit(deps, by, activeStatusEvent(active, updated.username), { userId: user.id });
  return updated;
}

/** Activates or deactivates a user (admin CLI). */
export async function setUserActive(deps: Pick<Ports, 'users' | 'audit' | 'clock'>, by: Caller | null, user: User, active: boolean): Promise<User> {
  return afterActiveSet(deps, by, await deps.users.update(user.id, { active }), active);
}

/** A PATCH of a user as the API receives it (schema and time zone checked). */
export interface UserPatch {
  email?: string;
  username?: string;
  active?: boolean;
  timezone?: string;
  flexmeasures_roles?: number[];
}

/** The roles named by id (422 under `flexmeasures_roles` for ids that do not exist). */
async function rolesFor(deps: Pick<Ports, 'users'>, ids: number[]): Promise<NamedRole[]> {
  const { found, missing } = await deps.users.rolesByIds(ids);
  if (missing.length) throw new ValidationError('json', { flexmeasures_roles: missing.map((id) => `Role with id ${id} doesn't exist.`) });
  return found;
}

const PRIVILEGED = [ADMIN, ADMIN_READER];

/**
 * Edits a user. Order: role ids (422) → 404 → update permission (the user, an account-admin of the
 * account, admin; 403) → write.
 * - A user editing themself may not send `active` or `flexmeasures_roles` (403, admins included).
 * - Only admins may grant or take away the `admin` and `admin-reader` roles (403 otherwise) — a
 *   deliberate hardening: FlexMeasures v0.23 let account-admins hand out `admin`.
 * - `active: false` also replaces the uniquifier; whenever `active` is sent, it is audited.
 * - A taken e-mail or username: 400 `{"detail", "message": "Duplicate user already exists", "status": 400}`.
 */
export async function patchUser(deps: Pick<Ports, 'users' | 'accounts' | 'audit' | 'clock'>, caller: Caller, id: number, patch: UserPatch): Promise<User> {
  const roles = patch.flexmeasures_roles !== undefined ? await rolesFor(deps, patch.flexmeasures_roles) : undefined;
  const user = await userWith(deps, caller.actor, id, 'update', 'update');
  if (caller.user.id === user.id && (patch.active !== undefined || patch.flexmeasures_roles !== undefined)) {
    throw new ForbiddenError('Users who edit themselves cannot edit security-sensitive fields.');
  }
  if (roles && !hasAdminAccess(caller.actor, 'update')) {
    const had = new Set(user.roles.map((r) => r.name));
    const will = new Set(roles.map((r) => r.name));
    if (PRIVILEGED.some((name) => had.has(name) !== will.has(name))) {
      throw new ForbiddenError(`user ${caller.user.id} may not change admin roles of user ${user.id}`);
    }
  }

  const changes: UserChanges = { email: patch.email, username: patch.username, active: patch.active, timezone: patch.timezone, roles };
  let updated: User;
  try {
    updated = await deps.users.update(user.id, changes);
  } catch (err) {
    if (err instanceof DuplicateError) throw new ResponseError(400, { detail: err.message, message: 'Duplicate user already exists', status: 400 });
    throw err;
  }
  return patch.active === undefined ? updated : afterActiveSet(deps, caller, updated, patch.active);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_USERNAME_LENGTH = 255;

export interface NewUserFields {
  email: string;
  /** Default: the part of the e-mail address before `@`. */
  username?: string;
  timezone: string;
}

/**
 * The fields of a new user, checked and trimmed (InputError, in this order: e-mail address, time
 * zone, username of 1 to 255 characters).
 */
export function newUserFields(input: NewUserFields): Required<NewUserFields> {
  const email = input.email.trim();
  if (!EMAIL.test(email) || email.length > MAX_EMAIL_LENGTH) throw new InputError(`Not a valid e-mail address: ${email}`);
  if (!isTimezone(input.timezone)) throw new InputError(`Timezone ${input.timezone} doesn't exist.`);
  const username = (input.username ?? email.split('@')[0]!).trim();
  if (!username || username.length > MAX_USERNAME_LENGTH) throw new InputError(`A username needs 1 to ${MAX_USERNAME_LENGTH} characters.`);
  return { email, username, timezone: input.timezone };
}

export interface NewUserInput extends NewUserFields {
  accountId: number;
  /** Role names (missing ones are created). */
  roles?: string[];
  password: string;
}

/**
 * Creates a user (the admin CLI; the API has no such route): fields checked as `newUserFields`, the
 * password hashed at the deployment's cost, a taken e-mail or username an InputError. Audited as
 * done by `by`.
 */
export async function createUser(deps: Pick<Ports, 'users' | 'audit' | 'clock' | 'settings'>, input: NewUserInput, by: Caller | null = null): Promise<User> {
  const fields = newUserFields(input);
  let user: User;
  try {
    user = await deps.users.create({
      ...fields,
      accountId: input.accountId,
      roles: input.roles ?? [],
      passwordHash: await hashPassword(input.password, deps.settings.scryptCost),
    });
  } catch (err) {
    if (err instanceof DuplicateError) throw new InputError(`A user with ${err.field} '${err.value}' already exists.`);
    throw err;
  }
  await recordAudit(deps, by, userCreatedEvent(user.username), { userId: user.id, accountId: input.accountId });
  return user;
}
