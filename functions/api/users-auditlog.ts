/**
 * GET /api/v3_0/users/<id>/auditlog — the user's audit events, oldest first (docs/contract/api.md §7.14):
 * `{"event", "event_datetime" (HTTP-date), "active_user_name", "active_user_id"}`. Order: 401 →
 * 404 → the user-audit-log rule (the user, account-admins of the account, its consultants, admins,
 * admin-readers) → 403.
 */
import { userAuditJson } from '../core/accounts/serialize.js';
import { canReadUserAuditLog } from '../core/permissions.js';
import { loadAccount, loadUser } from '../http/accounts.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { auditStore } from '../stores/index.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const user = await loadUser(req.pathInt('id'));
  const account = await loadAccount(user.accountId);
  if (!canReadUserAuditLog(actor, { id: user.id, account })) {
    throw new ForbiddenError(`user ${actor.userId} may not read the audit log of user ${user.id}`);
  }
  const events = await auditStore().listForUser(user.id);
  return reply(events.map(userAuditJson));
});
