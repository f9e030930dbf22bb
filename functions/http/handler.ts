/**
 * The middy stack every endpoint shares: build the Request, run the endpoint, shape the JSON
 * response (sorted keys, numeric `status` injection where FlexMeasures' view had `@as_json`), and
 * turn typed errors into FlexMeasures' exact bodies. Unknown errors become a 500 in Flask's shape
 * and are logged; bad input never gets here as an unknown error.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ApiError, type Json } from './errors.js';
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

/** Renders any thrown value as a FlexMeasures error response. */
export function errorResponse(err: unknown): APIGatewayProxyStructuredResultV2 {
  if (err instanceof ApiError) return respond(err.statusCode, err.body(), err.headers());
  logger.error('Unhandled error', err as Error);
  const message = err instanceof Error && err.message ? err.message : 'Internal Server Error';
  return respond(500, { message, status: 500 });
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
