/** The account/user audit log, written on behalf of a caller (or of the admin CLI) at the ports' clock. */
import type { AuditEvent } from '../core/ports/accounts.js';
import type { Ports } from '../core/ports/index.js';
import type { Caller } from './auth.js';

/** Who and what an audit entry concerns. */
export interface Affected {
  userId?: number | null;
  accountId?: number | null;
}

/** Records an audit event by `by` (null: the admin CLI, which acts as no user) now. */
export function recordAudit(deps: Pick<Ports, 'audit' | 'clock'>, by: Caller | null, event: string, affected: Affected): Promise<AuditEvent> {
  return deps.audit.record({
    at: deps.clock(),
    event,
    activeUserId: by?.user.id ?? null,
    activeUserName: by?.user.username ?? null,
    affectedUserId: affected.userId ?? null,
    affectedAccountId: affected.accountId ?? null,
  });
}
