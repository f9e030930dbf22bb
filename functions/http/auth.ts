/**
 * Authentication of a request, done once inside the route's function by the request pipeline
 * (there is no gateway-level authorizer, see docs/decisions/0141-authentication-in-the-function.md):
 * the request's `Authorization` header goes to the authentication use case (functions/app/auth.ts),
 * which answers FlexMeasures' 401 unless the token is accepted.
 */
import { authenticate as authenticateHeader, type Caller } from '../app/auth.js';
import type { Ports } from '../core/ports/index.js';
import type { Request } from './request.js';

export type { Caller };

/**
 * The caller of a protected endpoint, from the request's `Authorization` header (raw token or
 * `Bearer <token>`). The request pipeline (functions/http/handler.ts) calls it first on every
 * protected route, before any 404/422/403 decision (docs/contract/api.md §3.6).
 */
export function authenticate(req: Request, deps: Ports): Promise<Caller> {
  return authenticateHeader(deps, req.headers.authorization);
}
