/** Request schemas of the account endpoints (docs/contract/api.md §7.13). */
import { patchBody, requiredFields, withStatus } from './objects.js';

/** PATCH /api/v3_0/accounts/<id>: any subset of the editable fields; `id` and anything else → "Unknown field.". */
export const patchAccountBody = patchBody({
  name: { type: 'string', minLength: 1, maxLength: 100 },
  primary_color: { type: ['string', 'null'], maxLength: 7, 'x-description': '3 or 6 hex digits, optional #' },
  secondary_color: { type: ['string', 'null'], maxLength: 7, 'x-description': '3 or 6 hex digits, optional #' },
  logo_url: { type: ['string', 'null'], 'x-description': 'http, https or ftp URL, at most 255 characters' },
  consultancy_account_id: { type: ['integer', 'null'], 'x-description': 'admins only (silently ignored for others); absent keeps it, null clears it' },
  account_roles: { 'x-description': 'readable, not assignable through the API (answers 422)' },
});

/** An account as the API returns it (AccountSchema, docs/contract/api.md §7.13). */
export const accountResponse = requiredFields('Account', {
  account_roles: { type: 'array', items: requiredFields({ id: { type: 'integer' }, name: { type: 'string' } }) },
  consultancy_account_id: { type: ['integer', 'null'] },
  id: { type: 'integer' },
  logo_url: { type: ['string', 'null'] },
  name: { type: 'string' },
  primary_color: { type: ['string', 'null'] },
  secondary_color: { type: ['string', 'null'] },
});

/** GET/PATCH /api/v3_0/accounts/<id>: the account plus the numeric `status`. */
export const accountWithStatusResponse = withStatus(accountResponse, 200);

/** GET /api/v3_0/accounts. */
export const accountListResponse = { type: 'array', items: accountResponse } as const;

/** GET /api/v3_0/accounts/<id>/auditlog. */
export const accountAuditLogResponse = {
  type: 'array',
  items: requiredFields({
    active_user_id: { type: ['integer', 'null'], description: 'Who did it (null when the user no longer exists).' },
    event: { type: 'string' },
    event_datetime: { type: 'string', description: 'HTTP-date, e.g. `Sat, 01 May 2021 22:00:00 GMT`.' },
  }),
} as const;

/** PATCH /api/v3_0/accounts/<id> by an admin naming a consultancy account that does not exist (or the account itself). */
export const invalidConsultancyResponse = requiredFields({
  errors: { type: 'array', items: { const: 'Invalid consultancy_account_id' } },
  status: { const: 422 },
});
