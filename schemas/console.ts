/** Responses of the web console's routes, GET /console and GET /console/<file>. */
import type { ResponseDoc, RouteExample } from '../functions/openapi/types.js';
import { NOT_FOUND_MESSAGE } from '../functions/core/errors.js';
import { httpErrorBody } from './errors.js';

export const consolePageResponses: Readonly<Record<number, ResponseDoc>> = {
  200: { description: 'The web console (a single page; it loads its fingerprinted files from `/console/<file>`).', contentType: 'text/html', schema: { type: 'string' } },
};

export const consolePageExamples: readonly RouteExample[] = [{ summary: 'The console', response: { status: 200 } }];

export const consoleFileResponses: Readonly<Record<number, ResponseDoc>> = {
  200: {
    description: 'A script or stylesheet of the console, named by its content hash and cached for a year (brotli or gzip as the client accepts).',
    contentType: ['text/javascript', 'text/css'],
    schema: { type: 'string' },
  },
  404: { description: 'No such file.', schema: httpErrorBody },
};

export const consoleFileExamples: readonly RouteExample[] = [
  { summary: 'An unknown file', params: { file: 'unknown.js' }, response: { status: 404, body: { message: NOT_FOUND_MESSAGE, status: 404 } } },
];
