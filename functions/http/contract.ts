/**
 * What the request pipeline needs of a route, generated per handler module from the route table
 * (scripts/compile-validators.ts writes schemas/generated/routes/<name>.ts from functions/routes.ts):
 * whether it answers without authentication, and the precompiled validators of its body and query.
 */
import type { RequestValidator } from './validation.js';

export interface RouteContract {
  /** The handler module below functions/ (routes.ts `handler`). */
  readonly handler: string;
  readonly public: boolean;
  readonly body: RequestValidator | undefined;
  /** Validated in this order (a route may read its query with more than one schema). */
  readonly query: readonly RequestValidator[];
}
