/** Responses of the web console's routes, GET /console and GET /console/<file>. */
import type { RouteExample } from '../functions/openapi/types.js';
import { NOT_FOUND_MESSAGE } from '../functions/core/errors.js';
import { htmlPageResponses, staticFileResponses } from './examples.js';

export const consolePageResponses = htmlPageResponses('The web console (a single page; it loads its fingerprinted files from `/console/<file>`).');

export const consolePageExamples: readonly RouteExample[] = [{ summary: 'The console', response: { status: 200 } }];

export const consoleFileResponses = staticFileResponses(
  'A script or stylesheet of the console, named by its content hash and cached for a year (brotli or gzip as the client accepts).',
  ['text/javascript', 'text/css'],
);

export const consoleFileExamples: readonly RouteExample[] = [
  { summary: 'An unknown file', params: { file: 'unknown.js' }, response: { status: 404, body: { message: NOT_FOUND_MESSAGE, status: 404 } } },
];
