/** Pieces of route documentation that several endpoints share: example bodies and static-file responses. */
import type { JsonSchema, ResponseDoc, RouteDocs, RouteExample } from '../functions/openapi/types.js';
import { httpErrorBody } from './errors.js';

/** The 403 body of a caller without the permission. */
export const forbidden = { message: 'You cannot be authorized for this content or functionality.', result: 'Rejected', status: 'INVALID_SENDER' };

/** A PATCH of entity `id` by `as` setting one `field` the endpoint rejects, and the 422 naming that field. */
export function rejectedFieldExample(example: {
  summary: string;
  as: string;
  id: number;
  field: string;
  value: unknown;
  message?: string;
}): RouteExample {
  const { summary, as, id, field, value, message = 'Unknown field.' } = example;
  return {
    summary,
    as,
    params: { id },
    body: { [field]: value },
    response: { status: 422, body: { message: { json: { [field]: [message] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' } },
  };
}

/** GET …/<id>/auditlog: the 200 answer, and the `events` of entity `id` as read by `as`. */
export function auditLogDocs(description: string, schema: JsonSchema, example: { as: string; id: number; events: readonly object[] }): RouteDocs {
  const { as, id, events } = example;
  return {
    responses: { 200: { description, schema } },
    examples: [{ summary: 'Audit log', as, params: { id }, response: { status: 200, body: events } }],
  };
}

/** An HTML page: its one documented answer. */
export function htmlPageResponses(description: string): Readonly<Record<number, ResponseDoc>> {
  return { 200: { description, contentType: 'text/html', schema: { type: 'string' } } };
}

/** A static file of a page, by name: the file, or 404 for a name it does not have. */
export function staticFileResponses(description: string, contentType: readonly string[]): Readonly<Record<number, ResponseDoc>> {
  return { 200: { description, contentType, schema: { type: 'string' } }, 404: { description: 'No such file.', schema: httpErrorBody } };
}
