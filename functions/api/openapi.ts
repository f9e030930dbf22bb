/**
 * GET /api/v3_0/openapi.json — the OpenAPI 3.1 document of this API (public), generated from the
 * route table and the schemas its routes declare (functions/openapi/document.ts). Not part of the
 * v3_0 service listing, which mirrors FlexMeasures' own.
 */
import type { Json } from '../core/errors.js';
import { reply, routeHandler } from '../http/handler.js';
import { openApiDocument } from '../openapi/document.js';
import { contract } from '../../schemas/generated/routes/openapi.js';

export const handler = routeHandler(contract, {
  handle: async () => reply(openApiDocument() as Json, 200, { 'cache-control': 'public, max-age=300' }),
  // A document, not a FlexMeasures response: no numeric `status` key.
  injectStatus: false,
});
