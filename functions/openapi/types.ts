/**
 * What a route in functions/routes.ts may declare for its documentation. The OpenAPI document is
 * generated from these declarations and from the route table itself, so it cannot drift from the
 * endpoints: `body` and `query` are the very schema objects the handler validates with (the
 * example test checks that every schema a handler validates with is declared on its route).
 */

/** A JSON Schema as written in `schemas/`: a plain object, usually `as const`. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One documented response of a route. */
export interface ResponseDoc {
  /** What this response means (Markdown). */
  readonly description: string;
  /** The body's schema; omit for bodiless responses (204, …). */
  readonly schema?: JsonSchema;
  /** Media type(s) of the body; default `application/json`. */
  readonly contentType?: string | readonly string[];
  /** Response headers worth knowing: name → description. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A request and the answer it gets, as documented (docs/contract/api.md examples, adapted to this project). */
export interface RouteExample {
  /** A short title; Swagger UI shows it in the example drop-down. */
  readonly summary: string;
  /**
   * Who sends it: the e-mail of a user of the fixture world of docs/contract/api.md §12.0 (the example test
   * sends the request with a fresh token of that user). Omit for anonymous requests.
   */
  readonly as?: string;
  /** For `ANY` routes: the method the example uses (default GET); it is documented on that operation only. */
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path parameter values (`<id>` → `{ id: 1 }`). */
  readonly params?: Readonly<Record<string, string | number>>;
  /** Query parameters. */
  readonly query?: Readonly<Record<string, string | number | boolean>>;
  /** The JSON body, if the request has one. */
  readonly body?: unknown;
  /** The documented answer. Its status must be one the route documents (or a standard error it gets). */
  readonly response: {
    readonly status: number;
    /** The body as documented; omitted where it is too large or not JSON. */
    readonly body?: unknown;
  };
}

/** The documentation-related part of a route (all optional, so routes without docs stay valid). */
export interface RouteDocs {
  /** The JSON Schema the handler validates the request body with (from `schemas/`). */
  body?: JsonSchema;
  /**
   * The JSON Schema(s) the handler validates the query string with (from `schemas/`); several when
   * it validates in steps. Their properties become the query parameters.
   */
  query?: JsonSchema | readonly JsonSchema[];
  /**
   * Responses by status code: the success response(s) and endpoint-specific errors. The standard
   * errors (401/403 on protected routes, 404 for `<id>` paths, 422 and 400 for validated input, 500)
   * are added from the route's shape; an entry here replaces the standard one, `null` removes it.
   */
  responses?: Readonly<Record<number, ResponseDoc | null>>;
  /** Examples; the example test sends each through the local runtime. */
  examples?: readonly RouteExample[];
}
