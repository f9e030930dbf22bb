/**
 * GET /api/v3_0/accounts/<id>/auditlog — the account's audit events, oldest first
 * (docs/contract/api.md §7.13): `{"event", "event_datetime" (HTTP-date), "active_user_id"}`. Order: 401 → 404 → the
 * account-audit-log rule (account-admins of the account, its consultants, admins, admin-readers).
 */
import { accountAuditJson } from '../core/accounts/serialize.js';
import { canReadAccountAuditLog } from '../core/permissions.js';
import { loadAccount } from '../http/accounts.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { auditStore } from '../stores/index.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const account = await loadAccount(req.pathInt('id'));
  if (!canReadAccountAuditLog(actor, account)) throw new ForbiddenError(`user ${actor.userId} may not read the audit log of account ${account.id}`);
  const events = await auditStore().listForAccount(account.id);
  return reply(events.map(accountAuditJson));
});
