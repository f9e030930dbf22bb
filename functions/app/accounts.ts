/**
 * Account use cases: loading an account (404), the accounts a caller may read, reading one account
 * and its audit log, editing an account (PATCH /accounts/<id>), and creating one (admin CLI).
 */
import { accountCreatedEvent, accountUpdatedEvent } from '../core/accounts/events.js';
import { ForbiddenError, NotFoundError, ResponseError, ValidationError } from '../core/errors.js';
import { canAccount, canReadAccountAuditLog, CONSULTANT, hasAdminAccess, type Actor } from '../core/permissions.js';
import { DuplicateError, type Account, type AccountChanges, type AuditEvent } from '../core/ports/accounts.js';
import type { Ports } from '../core/ports/index.js';
import { recordAudit } from './audit.js';
import type { Caller } from './auth.js';

/**
 * Input the admin CLI gave that breaks a rule of the entity (the message says which); the API's
 * routes reject such input with their own 4xx before it gets here.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The account, or 404 `Account <id> not found`. */
export async function loadAccount(deps: Pick<Ports, 'accounts'>, id: number): Promise<Account> {
  const account = await deps.accounts.get(id);
  if (!account) throw new NotFoundError('Account', id);
  return account;
}

/**
 * The accounts a caller can read (docs/contract/api.md §7.13): all of them for admins and
 * admin-readers; otherwise the caller's own account plus, for consultants, the accounts whose
 * consultancy is the caller's. A missing own account is a 404 for the accounts listing; the asset
 * listing (`all_accessible`) passes `missingOwn: 'skip'` and lists the clients' assets anyway.
 */
export async function readableAccounts(
  deps: Pick<Ports, 'accounts'>,
  actor: Actor,
  options: { missingOwn?: 'notFound' | 'skip' } = {},
): Promise<Account[]> {
  if (hasAdminAccess(actor, 'read')) return deps.accounts.list();
  const own = options.missingOwn === 'skip' ? await deps.accounts.get(actor.accountId) : await loadAccount(deps, actor.accountId);
  const clients = actor.roles.includes(CONSULTANT) ? await deps.accounts.listClients(actor.accountId) : [];
  return [...(own ? [own] : []), ...clients.filter((c) => c.id !== actor.accountId)];
}

/** One account the caller may read: 404, then 403. */
export async function getAccount(deps: Pick<Ports, 'accounts'>, actor: Actor, id: number): Promise<Account> {
  const account = await loadAccount(deps, id);
  if (!canAccount(actor, account, 'read')) throw new ForbiddenError(`user ${actor.userId} may not read account ${account.id}`);
  return account;
}

/**
 * The audit events of an account, oldest first: 404, then the account-audit-log rule
 * (account-admins of the account, its consultants, admins, admin-readers; 403).
 */
export async function accountAuditLog(deps: Pick<Ports, 'accounts' | 'audit'>, actor: Actor, id: number): Promise<AuditEvent[]> {
  const account = await loadAccount(deps, id);
  if (!canReadAccountAuditLog(actor, account)) throw new ForbiddenError(`user ${actor.userId} may not read the audit log of account ${account.id}`);
  return deps.audit.listForAccount(account.id);
}

/** A PATCH of an account as the API receives it (field checks done). */
export interface AccountPatch {
  name?: string;
  primary_color?: string | null;
  secondary_color?: string | null;
  logo_url?: string | null;
  consultancy_account_id?: number | null;
}

/** The stored fields an API field maps to, in FlexMeasures' order of the audit message. */
const FIELDS: [keyof AccountPatch, keyof Account & keyof AccountChanges][] = [
  ['name', 'name'],
  ['primary_color', 'primaryColor'],
  ['secondary_color', 'secondaryColor'],
  ['logo_url', 'logoUrl'],
  ['consultancy_account_id', 'consultancyAccountId'],
];

/**
 * Edits an account: 404 → update permission (any member of the account, or admin; 403) →
 * consultancy check → write. `consultancy_account_id` is silently dropped for non-admins; for
 * admins absent leaves it, `null` clears it, and a new id must name another existing account, else
 * 422 `{"errors": ["Invalid consultancy_account_id"], "status": 422}`. A taken name is a 422 under
 * `name`. One audit event lists the fields whose value actually changed.
 */
export async function patchAccount(deps: Pick<Ports, 'accounts' | 'audit' | 'clock'>, caller: Caller, id: number, patch: AccountPatch): Promise<Account> {
  const account = await loadAccount(deps, id);
  if (!canAccount(caller.actor, account, 'update')) throw new ForbiddenError(`user ${caller.user.id} may not update account ${account.id}`);

  const data: AccountPatch = { ...patch };
  if (!hasAdminAccess(caller.actor, 'update')) {
    delete data.consultancy_account_id;
  } else if (data.consultancy_account_id !== undefined && data.consultancy_account_id !== null) {
    const wanted = data.consultancy_account_id;
    if (wanted !== account.consultancyAccountId) {
      const consultancy = await deps.accounts.get(wanted);
      if (!consultancy || consultancy.id === account.id) throw new ResponseError(422, { errors: ['Invalid consultancy_account_id'], status: 422 });
    }
  }

  const changes: AccountChanges = {};
  const modified: string[] = [];
  for (const [field, key] of FIELDS) {
    if (!(field in data)) continue;
    const value = data[field] as never;
    (changes as Record<string, unknown>)[key] = value;
    if (account[key] !== value) modified.push(field);
  }
  let updated: Account;
  try {
    updated = await deps.accounts.update(account.id, changes);
  } catch (err) {
    if (err instanceof DuplicateError) throw ValidationError.field('json', 'name', `An account with the name '${err.value}' already exists.`);
    throw err;
  }
  await recordAudit(deps, caller, accountUpdatedEvent(updated.name, modified), { userId: caller.user.id, accountId: account.id });
  return updated;
}

export interface NewAccountInput {
  name: string;
  /** Account role names (missing ones are created). */
  roles?: string[];
  consultancyAccountId?: number | null;
}

/** The longest account name (the column's size). */
export const MAX_ACCOUNT_NAME_LENGTH = 100;

/**
 * Creates an account (the admin CLI; the API has no such route): the name is trimmed and must have
 * 1 to 100 characters and be free (InputError otherwise). Audits the creation as done by `by`.
 */
export async function createAccount(deps: Pick<Ports, 'accounts' | 'audit' | 'clock'>, input: NewAccountInput, by: Caller | null = null): Promise<Account> {
  const name = input.name.trim();
  if (!name || name.length > MAX_ACCOUNT_NAME_LENGTH) throw new InputError(`An account name needs 1 to ${MAX_ACCOUNT_NAME_LENGTH} characters.`);
  let account: Account;
  try {
    account = await deps.accounts.create({ name, accountRoles: input.roles ?? [], consultancyAccountId: input.consultancyAccountId ?? null });
  } catch (err) {
    if (err instanceof DuplicateError) throw new InputError(`An account named '${name}' already exists.`);
    throw err;
  }
  await recordAudit(deps, by, accountCreatedEvent(account.name), { accountId: account.id });
  return account;
}
