/**
 * Response schemas of FlexMeasures' error bodies (docs/contract/api.md §3), as functions/core/errors.ts
 * renders them. The OpenAPI document names each by its `title` and reuses it by reference.
 */
import { exactFields } from './objects.js';

/** A marshmallow-style error dict: field → messages, nested for nested fields, list indices as strings (docs/contract/api.md §3.1). */
export const fieldErrors = {
  $id: 'FieldErrors',
  title: 'FieldErrors',
  description:
    'Field name → list of messages. Nested fields nest dicts; list items are keyed by their index as a string; schema-level errors use the key `_schema`.',
  type: 'object',
  additionalProperties: {
    anyOf: [{ type: 'array', items: { type: 'string' } }, { $ref: '#' }],
  },
  examples: [{ 'soc-targets': { '0': { _schema: ['Missing data for required field.'] } }, start: ['Not a valid aware datetime.'] }],
} as const;

/** The envelope every 422 body shares: `{"message": <message>, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}`. */
export function unprocessableBody<M extends object, E extends readonly object[]>(title: string, message: M, examples: E) {
  return { title, ...exactFields({ message, result: { const: 'Rejected' }, status: { const: 'UNPROCESSABLE_ENTITY' } }), examples } as const;
}

/** 422 for invalid arguments (docs/contract/api.md §3.1): errors per location (`json`, `query`, `path`, `args_and_json`). */
export const validationErrorBody = unprocessableBody(
  'ValidationError',
  {
    type: 'object',
    description: 'Errors per request location.',
    minProperties: 1,
    additionalProperties: false,
    properties: { json: fieldErrors, query: fieldErrors, path: fieldErrors, args_and_json: fieldErrors },
  } as const,
  [{ message: { json: { name: ['Missing data for required field.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' }] as const,
);

/** 401 from the endpoint (docs/contract/api.md §2): no `Authorization` header, or a token invalid, expired, revoked, or its user inactive. */
export const unauthorizedBody = exactFields('Unauthorized', {
  message: { const: 'You could not be properly authenticated for this content or functionality.' },
  status: { const: 'UNAUTHORIZED' },
});

/** 403 (docs/contract/api.md §3.3); the reason is only logged. */
export const forbiddenBody = exactFields('Forbidden', {
  message: { const: 'You cannot be authorized for this content or functionality.' },
  result: { const: 'Rejected' },
  status: { const: 'INVALID_SENDER' },
});

/** Flask's plain HTTP error (docs/contract/api.md §3.4): 400 malformed JSON, 404 unknown id or URL, 405, 500, … */
export const httpErrorBody = {
  ...exactFields('HttpError', { message: { type: 'string' }, status: { type: 'integer', description: 'The HTTP status code.' } }),
  examples: [{ message: 'Sensor 999 not found', status: 404 }],
} as const;

/** A USEF-style response dictionary (docs/contract/api.md §3.5), e.g. `{"result": "Rejected", "status": "UNKNOWN_SCHEDULE", "message": "..."}`. */
export const usefBody = {
  title: 'UsefResponse',
  type: 'object',
  required: ['message', 'status'],
  properties: {
    message: { type: 'string' },
    status: { type: 'string', description: 'A USEF status such as `PROCESSED`, `UNKNOWN_SCHEDULE` or `INVALID_SENDER`.' },
    result: { type: 'string', enum: ['Rejected', 'PROCESSED'] },
    results: { type: 'string', enum: ['Rejected', 'PROCESSED'], description: 'Used instead of `result` by the two POST /sensors/data answers (docs/contract/api.md §3.5).' },
  },
} as const;
