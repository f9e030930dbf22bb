/**
 * Documented responses and examples of the account endpoints (docs/contract/api.md §7.13). The examples are
 * sent by users of the docs/contract/api.md §12.0 fixture world (the Prosumer account is account 1; its account-admin
 * test_prosumer_user_2 is user 2) and run through the local runtime by the example test.
 */
import type { RouteDocs } from '../functions/openapi/types.js';
import { validationErrorBody } from './errors.js';
import { auditLogDocs, forbidden, rejectedFieldExample } from './examples.js';
import {
  accountAuditLogResponse,
  accountListResponse,
  accountWithStatusResponse,
  invalidConsultancyResponse,
} from './accounts.js';

const prosumerAccount = {
  account_roles: [{ id: 1, name: 'Prosumer' }],
  consultancy_account_id: null,
  id: 1,
  logo_url: null,
  name: 'Test Prosumer Account',
  primary_color: null,
  secondary_color: null,
};

/** GET /api/v3_0/accounts. */
export const listAccountsDocs: RouteDocs = {
  responses: {
    200: {
      description: 'The accounts the caller can read: their own, plus consultancy clients for consultants, all for admins and admin-readers.',
      schema: accountListResponse,
    },
  },
  examples: [{ summary: 'Own account', as: 'test_prosumer_user@seita.nl', response: { status: 200, body: [prosumerAccount] } }],
};

/** GET /api/v3_0/accounts/<id>. */
export const getAccountDocs: RouteDocs = {
  responses: { 200: { description: 'The account.', schema: accountWithStatusResponse } },
  examples: [
    { summary: 'An account', as: 'test_prosumer_user_2@seita.nl', params: { id: 1 }, response: { status: 200, body: { ...prosumerAccount, status: 200 } } },
    { summary: 'Another account', as: 'test_dummy_user_3@seita.nl', params: { id: 1 }, response: { status: 403, body: forbidden } },
  ],
};

/** PATCH /api/v3_0/accounts/<id>. */
export const patchAccountDocs: RouteDocs = {
  responses: {
    200: { description: 'The updated account.', schema: accountWithStatusResponse },
    422: {
      description:
        'Invalid fields, or (admins) a `consultancy_account_id` that names no other existing account — which is also what an admin ' +
        'PATCH omitting `consultancy_account_id` on an account that has one gets.',
      schema: { oneOf: [validationErrorBody, invalidConsultancyResponse] },
    },
  },
  examples: [
    {
      summary: 'Change the colors',
      as: 'test_prosumer_user_2@seita.nl',
      params: { id: 1 },
      body: { primary_color: '#1a3443', secondary_color: '#f1a122' },
      response: { status: 200, body: { ...prosumerAccount, primary_color: '#1a3443', secondary_color: '#f1a122', status: 200 } },
    },
    rejectedFieldExample({ summary: 'A read-only field', as: 'test_prosumer_user_2@seita.nl', id: 1, field: 'id', value: 7 }),
  ],
};

/** GET /api/v3_0/accounts/<id>/auditlog. */
export const accountAuditLogDocs = auditLogDocs("The account's audit events.", accountAuditLogResponse, {
  as: 'test_prosumer_user_2@seita.nl',
  id: 1,
  events: [
    {
      active_user_id: 2,
      event: 'Account Test Prosumer Account has been updated. Modified fields: primary_color, secondary_color',
      event_datetime: 'Wed, 18 Sep 2024 10:12:13 GMT',
    },
  ],
});
