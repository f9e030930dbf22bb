/**
 * GET /console — the web console's page — and GET /console/<file>, its fingerprinted script and
 * stylesheet (public: the console signs in through the API). Text is sent brotli- or
 * gzip-compressed as precompressed at build time. The page is always revalidated; fingerprinted
 * files are cached for a year. Unknown names answer FlexMeasures' 404.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError, NOT_FOUND_MESSAGE } from '../core/errors.js';
import { errorResponse } from '../http/handler.js';
import { CONSOLE_CSP, chooseEncoding, consoleFile } from '../http/console-files.js';

const COMMON = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', vary: 'accept-encoding' };

function serve(name: string, event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 {
  const file = consoleFile(name);
  if (!file) throw new HttpError(404, NOT_FOUND_MESSAGE);
  const accept = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'accept-encoding')?.[1] ?? '';
  const encoding = chooseEncoding(accept);
  const headers: Record<string, string> = {
    ...COMMON,
    'content-type': file.contentType,
    'cache-control': file.fingerprinted ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (!file.fingerprinted) headers['content-security-policy'] = CONSOLE_CSP;
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  return { statusCode: 200, headers, body: file.body(encoding).toString('base64'), isBase64Encoded: true };
}

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    const name = event.pathParameters?.file;
    return serve(name === undefined ? 'index.html' : name, event);
  } catch (err) {
    return errorResponse(err);
  }
};
