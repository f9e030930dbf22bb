/**
 * GET /api/v3_0/accounts/<id>/auditlog — the account's audit events, oldest first
 * (docs/contract/api.md §7.13): `{"event", "event_datetime" (HTTP-date), "active_user_id"}`. Order: 401 → 404 → the
 * account-audit-log rule (account-admins of the account, its consultants, admins, admin-readers).
 */
import { accountAuditLog } from '../app/accounts.js';
import { accountAuditJson } from '../core/accounts/serialize.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/accounts-auditlog.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, { actor }, deps) => reply((await accountAuditLog(deps, actor, req.pathInt('id'))).map(accountAuditJson)),
});
