/** Responses and examples of the documentation endpoints: the OpenAPI document and the docs page with its files. */
import { NOT_FOUND_MESSAGE } from '../functions/core/errors.js';
import type { ResponseDoc, RouteExample } from '../functions/openapi/types.js';
import { htmlPageResponses, staticFileResponses } from './examples.js';

/** GET /api/v3_0/openapi.json. */
export const openApiDocumentResponses: Readonly<Record<number, ResponseDoc>> = {
  200: {
    description: 'This document: OpenAPI 3.1, generated from the route table and the JSON Schemas the endpoints validate with.',
    schema: {
      title: 'OpenApiDocument',
      type: 'object',
      required: ['openapi', 'info', 'paths'],
      properties: { openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' }, info: { type: 'object' }, paths: { type: 'object' } },
    },
  },
};

export const openApiDocumentExamples: readonly RouteExample[] = [{ summary: 'The OpenAPI document', response: { status: 200 } }];

/** GET /api/v3_0/docs. */
export const docsPageResponses = htmlPageResponses('The docs page (Swagger UI); it loads its files from `/api/v3_0/docs/<asset>`.');

export const docsPageExamples: readonly RouteExample[] = [{ summary: 'The docs page', response: { status: 200 } }];

/** GET /api/v3_0/docs/<asset>. */
export const docsAssetResponses = staticFileResponses(
  'A script, stylesheet or icon of the docs page (gzip-compressed when the client accepts it).',
  ['text/javascript', 'text/css', 'image/png'],
);

export const docsAssetExamples: readonly RouteExample[] = [
  { summary: 'The stylesheet', params: { asset: 'swagger-ui.css' }, response: { status: 200 } },
  { summary: 'An unknown file', params: { asset: 'unknown.js' }, response: { status: 404, body: { message: NOT_FOUND_MESSAGE, status: 404 } } },
];
