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
import { patchUser, type UserPatch } from '../app/users.js';
import { userJson } from '../core/accounts/serialize.js';
import { timezoneError } from '../core/accounts/validate.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/users-patch.js';

export const handler = routeHandler<typeof contract, UserPatch>(contract, {
  checkBody: (body, errors) => {
    const problem = body.timezone !== undefined ? timezoneError(body.timezone) : null;
    if (problem) errors.add(['timezone'], problem);
  },
  handle: async ({ req, body }, caller, deps) => reply(userJson(await patchUser(deps, caller, req.pathInt('id'), body))),
});
