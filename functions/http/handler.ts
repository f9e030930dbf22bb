/**
 * The middy stack every endpoint shares: build the Request, run the endpoint, shape the JSON
 * response (sorted keys, numeric `status` injection where FlexMeasures' view had `@as_json`), and
 * turn typed errors into FlexMeasures' exact bodies. Unknown errors become a 500 in Flask's shape
 * and are logged; bad input never gets here as an unknown error.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ApiError, INTERNAL_ERROR_MESSAGE, ServiceUnavailableError, type Json } from './errors.js';
import { injectStatus, toJson } from './json.js';
import { logger } from './logger.js';
import { Request } from './request.js';

export interface Reply {
  status?: number;
  body?: Json;
  headers?: Record<string, string>;
}

export interface EndpointOptions {
  /**
   * Whether FlexMeasures decorated the view with flask-json's `@as_json`: object bodies then get a
   * numeric `status` key unless they already carry one (docs/contract/api.md §1.3). Default true.
   */
  injectStatus?: boolean;
}

export type EndpointFn = (req: Request, context: Context) => Promise<Reply>;
export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A reply with a body (200 unless another status is given). */
export function reply(body: Json, status = 200, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

/** Renders a status, body and headers as an API Gateway result. */
export function respond(statusCode: number, body: Json | undefined, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  if (statusCode === 204) return { statusCode, headers: { ...headers }, body: '' };
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: toJson(body) };
}

/**
 * Whether an error is an AWS service saying "not now": throttling, capacity, or a server-side fault
 * that the SDK's own retries did not get past. A retry of the same request is safe and likely to succeed.
 */
export function isTransientServiceError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; $fault?: string; $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } };
  if (e.$retryable?.throttling) return true;
  if (e.name && TRANSIENT_ERROR_NAMES.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  return e.$fault === 'server' && (status === undefined || status >= 500);
}

const TRANSIENT_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'KMSThrottlingException',
  'RequestThrottled',
]);

/**
 * Renders any thrown value as a FlexMeasures error response. Typed errors render their own body;
 * a transient AWS failure is a 503 with `Retry-After`; anything else is a 500 whose body says only
 * "Internal server error" (the detail is logged, never returned).
 */
export function errorResponse(err: unknown): APIGatewayProxyStructuredResultV2 {
  if (err instanceof ApiError) return respond(err.statusCode, err.body(), err.headers());
  if (isTransientServiceError(err)) {
    logger.warn('A store or queue is unavailable', err as Error);
    const unavailable = new ServiceUnavailableError();
    return respond(unavailable.statusCode, unavailable.body(), unavailable.headers());
  }
  logger.error('Unhandled error', err as Error);
  return respond(500, { message: INTERNAL_ERROR_MESSAGE, status: 500 });
}

/** Wraps an endpoint function as a Lambda handler (API Gateway HTTP API, payload 2.0). */
export function endpoint(fn: EndpointFn, options: EndpointOptions = {}): ApiHandler {
  const inject = options.injectStatus ?? true;
  const core = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const result = await fn(new Request(event), context);
    const status = result.status ?? 200;
    return respond(status, inject ? injectStatus(result.body, status) : result.body, result.headers);
  };
  return middy(core)
    // Every log line of the invocation carries the Lambda request id and function name.
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .onError(async (request) => {
      request.response = errorResponse(request.error);
    }) as unknown as ApiHandler;
}
