/** Request schemas of the user endpoints (api-v3.md §7.14). */

/** GET /api/v3_0/users query: `account_id`, `include_inactive` (unknown parameters are ignored). */
export const listUsersQuery = {
  type: 'object',
  properties: {
    account_id: { type: 'integer' },
    include_inactive: { type: 'boolean' },
  },
} as const;

/** PATCH /api/v3_0/users/<id>: any subset; `id`, `account_id`, `password` and anything else → "Unknown field.". */
export const patchUserBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    email: { type: 'string', format: 'email', maxLength: 255 },
    username: { type: 'string', minLength: 1, maxLength: 255 },
    active: { type: 'boolean' },
    timezone: { type: 'string', 'x-description': 'an IANA time zone name' },
    flexmeasures_roles: { type: 'array', items: { type: 'integer' }, 'x-description': 'role ids; replaces the roles' },
    last_login_at: { 'x-description': 'accepted and ignored' },
    last_seen_at: { 'x-description': 'accepted and ignored' },
  },
} as const;

/** The `account_id` part of the GET /users query, checked (and looked up: 404) before the rest, as FlexMeasures does. */
export const usersAccountQuery = {
  type: 'object',
  properties: { account_id: listUsersQuery.properties.account_id },
} as const;
