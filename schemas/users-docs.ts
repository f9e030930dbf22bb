/**
 * Documented responses and examples of the user endpoints (docs/contract/api.md §7.14). The examples are sent
 * by users of the docs/contract/api.md §12.0 fixture world (test_prosumer_user is user 1 and test_prosumer_user_2, the
 * Prosumer account's account-admin, user 2) and run through the local runtime by the example test.
 */
import type { RouteDocs } from '../functions/openapi/types.js';
import { httpErrorBody } from './errors.js';
import { auditLogDocs, rejectedFieldExample } from './examples.js';
import {
  duplicateUserResponse,
  passwordResetResponse,
  userAuditLogResponse,
  userListResponse,
  userWithStatusResponse,
} from './users.js';

const prosumerUser = {
  account_id: 1,
  active: true,
  email: 'test_prosumer_user@seita.nl',
  flexmeasures_roles: [],
  id: 1,
  last_login_at: null,
  last_seen_at: null,
  timezone: 'Europe/Amsterdam',
  username: 'Test Prosumer User',
};

const prosumerUser2 = {
  ...prosumerUser,
  email: 'test_prosumer_user_2@seita.nl',
  flexmeasures_roles: [3],
  id: 2,
  last_login_at: '2024-09-18T10:12:13.123000',
  username: 'Test Prosumer User 2',
};

/** GET /api/v3_0/users. */
export const listUsersDocs: RouteDocs = {
  responses: {
    200: { description: 'Users of the account, or of every account the caller can read, concatenated per account.', schema: userListResponse },
  },
  examples: [
    {
      summary: 'Users of an account, inactive ones included',
      as: 'test_prosumer_user_2@seita.nl',
      query: { account_id: 1, include_inactive: true },
      response: { status: 200, body: [prosumerUser, prosumerUser2] },
    },
  ],
};

/** GET /api/v3_0/users/<id>. */
export const getUserDocs: RouteDocs = {
  responses: { 200: { description: 'The user.', schema: userWithStatusResponse } },
  examples: [{ summary: 'A user', as: 'test_prosumer_user_2@seita.nl', params: { id: 2 }, response: { status: 200, body: { ...prosumerUser2, status: 200 } } }],
};

/** PATCH /api/v3_0/users/<id>. */
export const patchUserDocs: RouteDocs = {
  responses: {
    200: { description: 'The updated user.', schema: userWithStatusResponse },
    400: {
      description: 'The body is not valid JSON, or another user has that e-mail address or username.',
      schema: { oneOf: [httpErrorBody, duplicateUserResponse] },
    },
  },
  examples: [
    {
      summary: 'Change the time zone',
      as: 'test_prosumer_user_2@seita.nl',
      params: { id: 1 },
      body: { timezone: 'Europe/Amsterdam' },
      response: { status: 200, body: { ...prosumerUser, status: 200 } },
    },
    rejectedFieldExample({ summary: 'A field that cannot be set', as: 'test_prosumer_user_2@seita.nl', id: 1, field: 'password', value: 'secret' }),
  ],
};

/** GET /api/v3_0/users/<id>/auditlog. */
export const userAuditLogDocs = auditLogDocs("The user's audit events.", userAuditLogResponse, {
  as: 'test_prosumer_user_2@seita.nl',
  id: 1,
  events: [{ active_user_id: 7, active_user_name: 'Test Admin User', event: "Active status set to 'True' for user Test Prosumer User", event_datetime: 'Wed, 18 Sep 2024 10:12:13 GMT' }],
});

/** PATCH /api/v3_0/users/<id>/password-reset. */
export const passwordResetDocs: RouteDocs = {
  responses: {
    200: {
      description: "A new random password is set; every token of the user stops working. (No e-mail is sent: an admin gives the user a new password.)",
      schema: passwordResetResponse,
    },
  },
  examples: [{ summary: 'Reset a password', as: 'test_prosumer_user_2@seita.nl', params: { id: 3 }, response: { status: 200, body: { status: 200 } } }],
};
