/**
 * POST /api/requestAuthToken (docs/contract/api.md §5.2). The handler checks the body by hand, in
 * FlexMeasures' order and with its `{"errors": [...]}` answers; this schema documents the body.
 */
import type { ResponseDoc, RouteExample } from '../functions/openapi/types.js';
import { exactFields } from './objects.js';

export const requestAuthTokenBody = {
  type: 'object',
  required: ['email'],
  properties: {
    email: { type: 'string', description: "The user's e-mail address (no user has one longer than 255 characters)." },
    password: { type: 'string', description: 'Required, unless the request carries a valid token of the same user.' },
  },
} as const;

const authErrors = exactFields('AuthTokenError', { errors: { type: 'array', items: { type: 'string' }, minItems: 1 }, status: { type: 'integer' } });

export const requestAuthTokenResponses: Readonly<Record<number, ResponseDoc | null>> = {
  200: {
    description: 'A token for the `Authorization` header (valid for 6 hours).',
    schema: exactFields('AuthToken', { auth_token: { type: 'string' }, status: { const: 200 }, user_id: { type: 'integer' } }),
  },
  400: { description: 'Not a JSON request, malformed JSON, or `email` or `password` missing.', schema: authErrors },
  401: { description: 'Wrong password, or the user is inactive (`Account is disabled.`).', schema: authErrors },
  404: { description: 'No user with that e-mail address.', schema: authErrors },
  // Problems with the body are 400s in the `errors` shape, never 422.
  422: null,
  500: { description: 'An unexpected failure.', schema: authErrors },
};

export const requestAuthTokenExamples: readonly RouteExample[] = [
  {
    summary: 'Log in',
    body: { email: 'test_prosumer_user_2@seita.nl', password: 'testtest' },
    response: { status: 200, body: { auth_token: 'eVc5Cx0ZbAHvnLMQ1S2GOV3KHzEiKTxjDBZB-m6uOu8', status: 200, user_id: 2 } },
  },
  {
    summary: 'Wrong password',
    body: { email: 'test_prosumer_user_2@seita.nl', password: 'wrong' },
    response: { status: 401, body: { errors: ['User password does not match.'], status: 401 } },
  },
  {
    summary: 'Unknown e-mail address',
    body: { email: 'nobody@seita.nl', password: 'testtest' },
    response: { status: 404, body: { errors: ["User with email 'nobody@seita.nl' does not exist"], status: 404 } },
  },
];
