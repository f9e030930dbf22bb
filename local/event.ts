/**
 * Translation between a Node HTTP request/response and API Gateway HTTP API payload 2.0, so the
 * handlers run locally exactly as they run behind API Gateway.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { gatewayPath, type Route } from '../functions/routes.js';

export interface RawRequest {
  method: string;
  /** Path plus query string, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp?: string;
}

function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || type.endsWith('json') || type.endsWith('xml') || type === 'application/x-www-form-urlencoded';
}

/**
 * Query string as API Gateway presents it: values URL-decoded (a literal `+` stays a `+`; only
 * `%2B` and `+` both exist on the wire, and API Gateway does not turn `+` into a space), repeated
 * keys joined with commas.
 */
export function parseQueryString(raw: string): Record<string, string> | undefined {
  if (!raw) return undefined;
  const out: Record<string, string> = {};
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function toEvent(raw: RawRequest, route: Route | null, pathParameters: Record<string, string> | undefined): APIGatewayProxyEventV2 {
  const q = raw.url.indexOf('?');
  const rawPath = q < 0 ? raw.url : raw.url.slice(0, q);
  const rawQueryString = q < 0 ? '' : raw.url.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.headers)) {
    if (v === undefined || k === 'cookie') continue;
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  // API Gateway adds the forwarding headers; the handlers build absolute URLs from them.
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-for'] ??= raw.sourceIp ?? '127.0.0.1';
  const cookieHeader = raw.headers.cookie;
  const cookies = cookieHeader ? cookieHeader.split(';').map((c) => c.trim()).filter(Boolean) : undefined;
  const textual = isTextual(headers['content-type']);
  const hasBody = raw.body.length > 0;
  const now = new Date();
  const routeKey = route ? `${route.method} ${gatewayPath(route.path)}` : '$default';
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    cookies,
    headers,
    queryStringParameters: parseQueryString(rawQueryString),
    pathParameters: pathParameters && Object.keys(pathParameters).length ? pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host?.split(':')[0] ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: raw.method.toUpperCase(),
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: raw.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: hasBody ? (textual ? raw.body.toString('utf8') : raw.body.toString('base64')) : undefined,
    isBase64Encoded: hasBody && !textual,
  };
}

/** Normalises a handler result (string results become JSON bodies, as API Gateway does). */
export function normaliseResult(result: APIGatewayProxyStructuredResultV2 | string | undefined): Required<Pick<APIGatewayProxyStructuredResultV2, 'statusCode'>> & APIGatewayProxyStructuredResultV2 {
  if (typeof result === 'string') return { statusCode: 200, body: result, headers: { 'content-type': 'application/json' } };
  if (!result) return { statusCode: 200, body: '' };
  return { ...result, statusCode: result.statusCode ?? 200 };
}
