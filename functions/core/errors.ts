/**
 * Typed errors, each rendering to FlexMeasures' exact response body (docs/contract/api.md §3).
 * Use cases, handlers and domain code throw; the error middleware of functions/http/handler.ts
 * turns them into responses.
 */

import type { Json, JsonObject } from './json.js';

export type { Json, JsonObject };

/** A nested marshmallow-style error dict: `{"field": ["msg"]}`, `{"list": {"0": {"_schema": [...]}}}`. */
export interface FieldErrors {
  [field: string]: string[] | FieldErrors;
}

export type Location = 'json' | 'query' | 'path' | 'args_and_json';

export abstract class ApiError extends Error {
  abstract readonly statusCode: number;
  abstract body(): JsonObject;
  /** Extra response headers (e.g. `Location`, `Retry-After`). */
  headers(): Record<string, string> {
    return {};
  }
}

/** Renders a USEF-style response dictionary (docs/contract/api.md §3.5). */
export function usef(status: string, message: string, resultKey: 'result' | 'results' = 'result', result = 'Rejected'): JsonObject {
  return { [resultKey]: result, status, message };
}

/** 422 argument validation error: `{"message": {"<location>": {...}}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}`. */
export class ValidationError extends ApiError {
  readonly statusCode = 422;
  constructor(
    readonly location: Location,
    readonly errors: FieldErrors,
  ) {
    super(`Validation failed in ${location}: ${JSON.stringify(errors)}`);
  }
  /** One message for one field. */
  static field(location: Location, field: string, message: string): ValidationError {
    return new ValidationError(location, { [field]: [message] });
  }
  body(): JsonObject {
    return { message: { [this.location]: this.errors as unknown as Json }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' };
  }
}

/** 422 for flex-model / flex-context problems found at trigger time (docs/contract/api.md §3.2): message.json is a dict or a plain string. */
export class FlexConfigError extends ApiError {
  readonly statusCode = 422;
  constructor(readonly messages: FieldErrors | string) {
    super(typeof messages === 'string' ? messages : JSON.stringify(messages));
  }
  body(): JsonObject {
    return { message: { json: this.messages as unknown as Json }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' };
  }
}

export const UNAUTHORIZED_MESSAGE = 'You could not be properly authenticated for this content or functionality.';
export const FORBIDDEN_MESSAGE = 'You cannot be authorized for this content or functionality.';

/** 401 (docs/contract/api.md §2). */
export class UnauthorizedError extends ApiError {
  readonly statusCode = 401;
  constructor() {
    super(UNAUTHORIZED_MESSAGE);
  }
  body(): JsonObject {
    return { message: UNAUTHORIZED_MESSAGE, status: 'UNAUTHORIZED' };
  }
}

/** 403 INVALID_SENDER (docs/contract/api.md §3.3). The reason is for logs only, never returned. */
export class ForbiddenError extends ApiError {
  readonly statusCode = 403;
  constructor(readonly reason = 'permission denied') {
    super(reason);
  }
  body(): JsonObject {
    return usef('INVALID_SENDER', FORBIDDEN_MESSAGE);
  }
}

export type EntityKind = 'Sensor' | 'GenericAsset' | 'Account' | 'User';

/** 404 `{"message": "<Kind> <id> not found", "status": 404}` (docs/contract/api.md §3.4). */
export class NotFoundError extends ApiError {
  readonly statusCode = 404;
  constructor(kind: EntityKind, id: number | string) {
    super(`${kind} ${id} not found`);
  }
  body(): JsonObject {
    return { message: this.message, status: 404 };
  }
}

/** Any plain HTTP error in Flask's JSON shape `{"message": ..., "status": <code>}`. */
export class HttpError extends ApiError {
  constructor(
    readonly statusCode: number,
    message: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {
    super(message);
  }
  body(): JsonObject {
    return { message: this.message, status: this.statusCode };
  }
  override headers(): Record<string, string> {
    return this.extraHeaders;
  }
}

export const MALFORMED_JSON_MESSAGE = 'The browser (or proxy) sent a request that this server could not understand.';
export const NOT_FOUND_MESSAGE =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';
export const METHOD_NOT_ALLOWED_MESSAGE = 'The method is not allowed for the requested URL.';

/** The body of every 500: FlexMeasures' shape, never the internal error text (that goes to the log). */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';
/** The message of a 503 for a store or queue that is over capacity or briefly unavailable. */
export const UNAVAILABLE_MESSAGE = 'The service is busy. Please try again in a moment.';
/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * 503 with `Retry-After`: a store or the queue could not take the request right now, and nothing
 * of it was kept, so the very same request may simply be sent again.
 */
export class ServiceUnavailableError extends HttpError {
  constructor(message = UNAVAILABLE_MESSAGE, retryAfterSeconds = RETRY_AFTER_SECONDS) {
    super(503, message, { 'retry-after': String(retryAfterSeconds) });
  }
}

/**
 * A store could not answer right now (over capacity, throttled, or a fault on the service's side
 * that its client's retries did not get past). The adapters throw it in place of the service's
 * own error (the original is the `cause`), so use cases can tell "try again" apart from every
 * other failure without knowing the service; unhandled, it is a 503 with `Retry-After`.
 */
export class StoreUnavailableError extends ServiceUnavailableError {
  override readonly name = 'StoreUnavailableError';
  constructor(override readonly cause: unknown) {
    super();
  }
}

/** 400 for a JSON content type with a body that is not JSON (docs/contract/api.md §1.2). */
export class MalformedJsonError extends HttpError {
  constructor() {
    super(400, MALFORMED_JSON_MESSAGE);
  }
}

/** A ready response body with a fixed status code, thrown from deep inside a handler (USEF responses). */
export class ResponseError extends ApiError {
  constructor(
    readonly statusCode: number,
    private readonly payload: JsonObject,
    private readonly extraHeaders: Record<string, string> = {},
  ) {
    super(typeof payload.message === 'string' ? payload.message : `HTTP ${statusCode}`);
  }
  body(): JsonObject {
    return this.payload;
  }
  override headers(): Record<string, string> {
    return this.extraHeaders;
  }
}
