/**
 * What the request pipeline needs of a route, generated per handler module from the route table
 * (scripts/compile-validators.ts writes schemas/generated/routes/<name>.ts from functions/routes.ts):
 * whether it answers without authentication, the precompiled validators of its body and query, and
 * the adapter factories of the ports its Lambda uses (what its `access` declares).
 */
import type { RequestValidator } from './validation.js';
import type { PortFactories } from '../stores/ports.js';

export interface RouteContract {
  /** The handler module below functions/ (routes.ts `handler`). */
  readonly handler: string;
  readonly public: boolean;
  readonly body: RequestValidator | undefined;
  /** Validated in this order (a route may read its query with more than one schema). */
  readonly query: readonly RequestValidator[];
  /**
   * The factories of the ports its Lambda builds (functions/stores/factories.ts): those of the
   * stores and queue its `access` declares, the users and tokens a protected route authenticates
   * with, the write leases of a route writing beliefs, and the readiness check where the route
   * reaches everything it pings. Reading another port there throws. Absent: none (a contract a
   * test writes itself, whose handler runs `withPorts`).
   */
  readonly adapters?: PortFactories;
}
