/** Request schemas of the account endpoints (api-v3.md §7.13). */

/** PATCH /api/v3_0/accounts/<id>: any subset of the editable fields; `id` and anything else → "Unknown field.". */
export const patchAccountBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    primary_color: { type: ['string', 'null'], maxLength: 7, 'x-description': '3 or 6 hex digits, optional #' },
    secondary_color: { type: ['string', 'null'], maxLength: 7, 'x-description': '3 or 6 hex digits, optional #' },
    logo_url: { type: ['string', 'null'], 'x-description': 'http, https or ftp URL, at most 255 characters' },
    consultancy_account_id: { type: ['integer', 'null'], 'x-description': 'admins only; silently ignored for others' },
    account_roles: { 'x-description': 'readable, not assignable through the API (answers 422)' },
  },
} as const;
