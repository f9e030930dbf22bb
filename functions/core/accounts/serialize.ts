/**
 * The JSON shapes of accounts, users and audit events as FlexMeasures' schemas dump them
 * (docs/contract/api.md §7.13, §7.14): snake_case keys, role ids for users, naive UTC ISO datetimes for
 * `last_login_at`/`last_seen_at`, HTTP-dates for audit `event_datetime` (docs/contract/api.md §1.2).
 */
import type { JsonObject } from '../json.js';
import type { Account, AuditEvent, User } from '../ports/accounts.js';

/** Python's `datetime.isoformat()` of a naive UTC datetime: microseconds only when non-zero. */
export function naiveIso(ms: number | null): string | null {
  if (ms === null) return null;
  const iso = new Date(ms).toISOString(); // 2024-09-18T10:12:13.123Z
  const fraction = ms % 1000 === 0 ? '' : `.${iso.slice(20, 23)}000`;
  return `${iso.slice(0, 19)}${fraction}`;
}

/** How Flask's JSON encoder writes a datetime: an HTTP-date, e.g. `Sat, 01 May 2021 22:00:00 GMT`. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** AccountSchema. */
export function accountJson(account: Account): JsonObject {
  return {
    account_roles: account.accountRoles.map((r) => ({ id: r.id, name: r.name })),
    consultancy_account_id: account.consultancyAccountId,
    id: account.id,
    logo_url: account.logoUrl,
    name: account.name,
    primary_color: account.primaryColor,
    secondary_color: account.secondaryColor,
  };
}

/** UserSchema (the password is never exposed). */
export function userJson(user: User): JsonObject {
  return {
    account_id: user.accountId,
    active: user.active,
    email: user.email,
    flexmeasures_roles: user.roles.map((r) => r.id),
    id: user.id,
    last_login_at: naiveIso(user.lastLoginAt),
    last_seen_at: naiveIso(user.lastSeenAt),
    timezone: user.timezone,
    username: user.username,
  };
}

/** An entry of GET /accounts/<id>/auditlog. */
export function accountAuditJson(event: AuditEvent): JsonObject {
  return { active_user_id: event.activeUserId, event: event.event, event_datetime: httpDate(event.at) };
}

/** An entry of GET /users/<id>/auditlog. */
export function userAuditJson(event: AuditEvent): JsonObject {
  return {
    active_user_id: event.activeUserId,
    active_user_name: event.activeUserName,
    event: event.event,
    event_datetime: httpDate(event.at),
  };
}
