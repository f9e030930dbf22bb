/**
 * Matches a request path against the route table the way API Gateway does for our route keys:
 * static segments win over `<param>`, `<proxy+>` takes the rest, no trailing-slash leniency.
 * The local runtime routes with it, and the `$default` route's function (functions/api/unmatched.ts)
 * uses it to tell an unknown path (404) from a wrong method (405).
 */
import type { Route } from '../routes.js';
import { HttpError, METHOD_NOT_ALLOWED_MESSAGE, NOT_FOUND_MESSAGE } from '../core/errors.js';

export type RouteMatch =
  | { kind: 'match'; route: Route; pathParameters: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allowed: string[] };

interface Compiled {
  route: Route;
  segments: string[];
  staticCount: number;
  greedy: boolean;
}

function compile(route: Route): Compiled {
  const segments = route.path.split('/');
  return {
    route,
    segments,
    staticCount: segments.filter((s) => !s.startsWith('<')).length,
    greedy: segments[segments.length - 1] === '<proxy+>',
  };
}

function matchPath(c: Compiled, parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  const fixed = c.greedy ? c.segments.length - 1 : c.segments.length;
  if (c.greedy ? parts.length <= fixed : parts.length !== fixed) return null;
  for (let i = 0; i < fixed; i++) {
    const seg = c.segments[i]!;
    const part = parts[i]!;
    if (seg.startsWith('<')) {
      if (part === '') return null;
      params[seg.slice(1, -1)] = decodeURIComponent(part);
    } else if (seg !== part) return null;
  }
  if (c.greedy) params.proxy = parts.slice(fixed).map(decodeURIComponent).join('/');
  return params;
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: readonly Route[]) {
    // Most specific first: more static segments, then non-greedy before greedy.
    this.compiled = routes
      .map(compile)
      .sort((a, b) => b.staticCount - a.staticCount || Number(a.greedy) - Number(b.greedy));
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split('/');
    const candidates = this.compiled
      .map((c) => ({ c, params: matchPath(c, parts) }))
      .filter((x): x is { c: Compiled; params: Record<string, string> } => x.params !== null);
    if (!candidates.length) return { kind: 'not-found' };
    // Among the routes of the most specific matching path, pick the method.
    const best = candidates[0]!.c.route.path;
    const samePath = candidates.filter((x) => x.c.route.path === best);
    const hit =
      samePath.find((x) => x.c.route.method === method) ??
      samePath.find((x) => x.c.route.method === 'ANY') ??
      candidates.find((x) => x.c.route.method === method || x.c.route.method === 'ANY');
    if (!hit) return { kind: 'method-not-allowed', allowed: samePath.map((x) => x.c.route.method) };
    return { kind: 'match', route: hit.c.route, pathParameters: hit.params };
  }
}

/**
 * FlexMeasures' answer to a request no route takes: 405 with an `Allow` header when the path exists
 * with other methods, else 404. A `match` (API Gateway's routing and ours disagreeing) is a 404 too.
 */
export function unmatchedError(match: RouteMatch): HttpError {
  if (match.kind === 'method-not-allowed') return new HttpError(405, METHOD_NOT_ALLOWED_MESSAGE, { allow: match.allowed.join(', ') });
  return new HttpError(404, NOT_FOUND_MESSAGE);
}
