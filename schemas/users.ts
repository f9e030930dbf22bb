/** Request schemas of the user endpoints (docs/contract/api.md §7.14). */
import { exactFields, patchBody, requiredFields, withStatus } from './objects.js';

/** GET /api/v3_0/users query: `account_id`, `include_inactive` (unknown parameters are ignored). */
export const listUsersQuery = {
  type: 'object',
  properties: {
    account_id: { type: 'integer' },
    include_inactive: { type: 'boolean' },
  },
} as const;

/** PATCH /api/v3_0/users/<id>: any subset; `id`, `account_id`, `password` and anything else → "Unknown field.". */
export const patchUserBody = patchBody({
  email: { type: 'string', format: 'email', maxLength: 255 },
  username: { type: 'string', minLength: 1, maxLength: 255 },
  active: { type: 'boolean' },
  timezone: { type: 'string', 'x-description': 'an IANA time zone name' },
  flexmeasures_roles: { type: 'array', items: { type: 'integer' }, 'x-description': 'role ids; replaces the roles' },
  last_login_at: { 'x-description': 'accepted and ignored' },
  last_seen_at: { 'x-description': 'accepted and ignored' },
});

/** The `account_id` part of the GET /users query, checked (and looked up: 404) before the rest, as FlexMeasures does. */
export const usersAccountQuery = {
  type: 'object',
  properties: { account_id: listUsersQuery.properties.account_id },
} as const;

/** A user as the API returns it (UserSchema, docs/contract/api.md §7.14); the password is never exposed. */
export const userResponse = requiredFields('User', {
  account_id: { type: 'integer' },
  active: { type: 'boolean' },
  email: { type: 'string' },
  flexmeasures_roles: { type: 'array', items: { type: 'integer' }, description: 'Role ids.' },
  id: { type: 'integer' },
  last_login_at: { type: ['string', 'null'], description: 'Naive ISO 8601 datetime in UTC, e.g. `2024-09-18T10:12:13.123456`.' },
  last_seen_at: { type: ['string', 'null'], description: 'Naive ISO 8601 datetime in UTC.' },
  timezone: { type: 'string' },
  username: { type: 'string' },
});

/** GET/PATCH /api/v3_0/users/<id>: the user plus the numeric `status`. */
export const userWithStatusResponse = withStatus(userResponse, 200);

/** GET /api/v3_0/users. */
export const userListResponse = { type: 'array', items: userResponse } as const;

/** An audit log whose events also name who did it: the user and asset audit logs (not the account's). */
export const namedAuditLogResponse = {
  type: 'array',
  items: requiredFields({
    active_user_id: { type: ['integer', 'null'] },
    active_user_name: { type: ['string', 'null'] },
    event: { type: 'string' },
    event_datetime: { type: 'string', description: 'HTTP-date, e.g. `Sat, 01 May 2021 22:00:00 GMT`.' },
  }),
} as const;

/** GET /api/v3_0/users/<id>/auditlog. */
export const userAuditLogResponse = namedAuditLogResponse;

/** PATCH /api/v3_0/users/<id> with an e-mail address or username another user has. */
export const duplicateUserResponse = requiredFields({
  detail: { type: 'string' },
  message: { const: 'Duplicate user already exists' },
  status: { const: 400 },
});

/** PATCH /api/v3_0/users/<id>/password-reset: exactly `{"status": 200}`. */
export const passwordResetResponse = exactFields({ status: { const: 200 } });
