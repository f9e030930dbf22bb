/**
 * GET /api/v3_0/docs — the browsable API documentation (Swagger UI) — and GET /api/v3_0/docs/<asset>,
 * the page's scripts, styles and icons, served from this function (public; no CDN). Text files are
 * sent gzip-compressed to clients that accept it. Unknown asset names answer FlexMeasures' 404.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError, NOT_FOUND_MESSAGE } from '../core/errors.js';
import { errorResponse } from '../http/handler.js';
import { DOCS_CSP, DOCS_HTML, docsAsset } from '../openapi/docs-page.js';

const COMMON = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function page(): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: { ...COMMON, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': DOCS_CSP, 'cache-control': 'no-cache' },
    body: DOCS_HTML,
  };
}

function acceptsGzip(event: APIGatewayProxyEventV2): boolean {
  const header = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'accept-encoding')?.[1] ?? '';
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    return coding!.trim() === 'gzip' && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

function file(name: string, event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 {
  const asset = docsAsset(name);
  if (!asset) throw new HttpError(404, NOT_FOUND_MESSAGE);
  const headers: Record<string, string> = { ...COMMON, 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' };
  if (!asset.text) return { statusCode: 200, headers, body: asset.body.toString('base64'), isBase64Encoded: true };
  headers.vary = 'accept-encoding';
  if (acceptsGzip(event)) {
    return { statusCode: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: asset.gzipped().toString('base64'), isBase64Encoded: true };
  }
  return { statusCode: 200, headers, body: asset.body.toString('utf8') };
}

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    const name = event.pathParameters?.asset;
    return name === undefined ? page() : file(name, event);
  } catch (err) {
    return errorResponse(err);
  }
};
