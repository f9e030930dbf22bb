/**
 * GET /api/v3_0/users/<id>/auditlog — the user's audit events, oldest first (docs/contract/api.md §7.14):
 * `{"event", "event_datetime" (HTTP-date), "active_user_name", "active_user_id"}`. Order: 401 →
 * 404 → the user-audit-log rule (the user, account-admins of the account, its consultants, admins,
 * admin-readers) → 403.
 */
import { userAuditLog } from '../app/users.js';
import { userAuditJson } from '../core/accounts/serialize.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/users-auditlog.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, { actor }, deps) => reply((await userAuditLog(deps, actor, req.pathInt('id'))).map(userAuditJson)),
});
