/**
 * PATCH /api/v3_0/users/<id> — edit e-mail, username, active flag, time zone and roles
 * (docs/contract/api.md §7.14). Order: 401 → 422 (body, incl. time zone and role ids) → 404 → update permission (the
 * user, an account-admin of the account, admin) → 403 → write.
 *
 * - A user editing themself may not send `active` or `flexmeasures_roles` (403, admins included).
 * - Only admins may grant or take away the `admin` and `admin-reader` roles (403 otherwise) — a
 *   deliberate hardening: FlexMeasures v0.23 let account-admins hand out `admin`.
 * - `active: false` also replaces the uniquifier, revoking every token (also after re-activation).
 * - Whenever `active` is sent: audit `Active status set to '<True|False>' for user <username>`.
 * - A taken e-mail or username: 400 `{"detail", "message": "Duplicate user already exists"}`.
 */
import { activeStatusEvent } from '../core/accounts/events.js';
import { userJson } from '../core/accounts/serialize.js';
import { timezoneError } from '../core/accounts/validate.js';
import { ADMIN, ADMIN_READER, canUser, hasAdminAccess } from '../core/permissions.js';
import { loadAccount, loadUser, recordAudit } from '../http/accounts.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import type { ErrorCollector } from '../http/validation.js';
import { patchUserBody } from '../../schemas/generated/validators.js';
import { userStore } from '../stores/index.js';
import { DuplicateError, type NamedRole, type User, type UserChanges } from '../core/ports/accounts.js';

interface PatchUser {
  email?: string;
  username?: string;
  active?: boolean;
  timezone?: string;
  flexmeasures_roles?: number[];
}

function checkFields(body: PatchUser, errors: ErrorCollector): void {
  const problem = body.timezone !== undefined ? timezoneError(body.timezone) : null;
  if (problem) errors.add(['timezone'], problem);
}

/** The roles named by id (422 under `flexmeasures_roles` for ids that do not exist). */
async function rolesFor(ids: number[]): Promise<NamedRole[]> {
  const { found, missing } = await userStore().rolesByIds(ids);
  if (missing.length) {
    throw new ValidationError('json', { flexmeasures_roles: missing.map((id) => `Role with id ${id} doesn't exist.`) });
  }
  return found;
}

const PRIVILEGED = [ADMIN, ADMIN_READER];

export const handler = endpoint(async (req) => {
  const caller = await authenticate(req);
  const body = req.body<PatchUser>(patchUserBody, checkFields);
  const roles = body.flexmeasures_roles !== undefined ? await rolesFor(body.flexmeasures_roles) : undefined;
  const user = await loadUser(req.pathInt('id'));
  const account = await loadAccount(user.accountId);
  if (!canUser(caller.actor, { id: user.id, account }, 'update')) {
    throw new ForbiddenError(`user ${caller.user.id} may not update user ${user.id}`);
  }
  if (caller.user.id === user.id && (body.active !== undefined || body.flexmeasures_roles !== undefined)) {
    throw new ForbiddenError('Users who edit themselves cannot edit security-sensitive fields.');
  }
  if (roles && !hasAdminAccess(caller.actor, 'update')) {
    const had = new Set(user.roles.map((r) => r.name));
    const will = new Set(roles.map((r) => r.name));
    if (PRIVILEGED.some((name) => had.has(name) !== will.has(name))) {
      throw new ForbiddenError(`user ${caller.user.id} may not change admin roles of user ${user.id}`);
    }
  }

  const changes: UserChanges = { email: body.email, username: body.username, active: body.active, timezone: body.timezone, roles };
  let updated: User;
  try {
    updated = await userStore().update(user.id, changes);
  } catch (err) {
    if (err instanceof DuplicateError) return reply({ detail: err.message, message: 'Duplicate user already exists' }, 400);
    throw err;
  }
  if (body.active === false) updated = await userStore().rotateUniquifier(user.id);
  if (body.active !== undefined) await recordAudit(caller, activeStatusEvent(body.active, updated.username), { userId: user.id });
  return reply(userJson(updated));
});
