/**
 * PATCH /api/v3_0/accounts/<id> — edit name, colors, logo URL and (admins only) the consultancy
 * account (docs/contract/api.md §7.13). Order: 401 → 422 (body) → 404 → update permission (any member of the
 * account, or admin; 403) → consultancy check → write.
 *
 * `consultancy_account_id` is silently dropped for non-admins. For admins, absent leaves it as it
 * is and `null` clears it (FlexMeasures counted absent as null, so an admin could change nothing
 * else without re-sending it, and could not clear it); a new id must name another existing
 * account, else 422 `{"errors": ["Invalid consultancy_account_id"], "status": 422}`. A taken name is
 * a 422 under `name` (FlexMeasures: 500, docs/contract/api.md §10.2 decision 0016), as is any attempt to assign
 * `account_roles`. One audit event `Account <name> has been updated. Modified fields: …` lists the
 * fields whose value actually changed.
 */
import { accountUpdatedEvent } from '../core/accounts/events.js';
import { accountJson } from '../core/accounts/serialize.js';
import { hexColorError, logoUrlError } from '../core/accounts/validate.js';
import { canAccount, hasAdminAccess } from '../core/permissions.js';
import { loadAccount, recordAudit } from '../http/accounts.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import type { ErrorCollector } from '../http/validation.js';
import { patchAccountBody } from '../../schemas/generated/validators.js';
import { accountStore } from '../stores/index.js';
import { DuplicateError, type Account, type AccountChanges } from '../core/ports/accounts.js';

interface PatchAccount {
  name?: string;
  primary_color?: string | null;
  secondary_color?: string | null;
  logo_url?: string | null;
  consultancy_account_id?: number | null;
  account_roles?: unknown;
}

function checkFields(body: PatchAccount, errors: ErrorCollector): void {
  for (const field of ['primary_color', 'secondary_color'] as const) {
    const value = body[field];
    const problem = typeof value === 'string' ? hexColorError(value) : null;
    if (problem) errors.add([field], problem);
  }
  const problem = typeof body.logo_url === 'string' ? logoUrlError(body.logo_url) : null;
  if (problem) errors.add(['logo_url'], problem);
  if ('account_roles' in body) errors.add(['account_roles'], 'Account roles cannot be changed through the API.');
}

/** The stored fields an API field maps to, in FlexMeasures' order of the audit message. */
const FIELDS: [keyof PatchAccount, keyof Account & keyof AccountChanges][] = [
  ['name', 'name'],
  ['primary_color', 'primaryColor'],
  ['secondary_color', 'secondaryColor'],
  ['logo_url', 'logoUrl'],
  ['consultancy_account_id', 'consultancyAccountId'],
];

export const handler = endpoint(async (req) => {
  const caller = await authenticate(req);
  const body = req.body<PatchAccount>(patchAccountBody, checkFields);
  const account = await loadAccount(req.pathInt('id'));
  if (!canAccount(caller.actor, account, 'update')) {
    throw new ForbiddenError(`user ${caller.user.id} may not update account ${account.id}`);
  }

  const data: PatchAccount = { ...body };
  if (!hasAdminAccess(caller.actor, 'update')) {
    delete data.consultancy_account_id;
  } else if (data.consultancy_account_id !== undefined && data.consultancy_account_id !== null) {
    const wanted = data.consultancy_account_id;
    if (wanted !== account.consultancyAccountId) {
      const consultancy = await accountStore().get(wanted);
      if (!consultancy || consultancy.id === account.id) return reply({ errors: ['Invalid consultancy_account_id'] }, 422);
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
    updated = await accountStore().update(account.id, changes);
  } catch (err) {
    if (err instanceof DuplicateError) {
      throw ValidationError.field('json', 'name', `An account with the name '${err.value}' already exists.`);
    }
    throw err;
  }
  await recordAudit(caller, accountUpdatedEvent(updated.name, modified), { userId: caller.user.id, accountId: account.id });
  return reply(accountJson(updated));
});
