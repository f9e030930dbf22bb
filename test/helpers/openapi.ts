/**
 * Checking bodies against the OpenAPI document: the documented response of an operation (with
 * component references resolved) and an ajv (JSON Schema 2020-12, with formats) validator for its
 * schema, whose `#/components/...` references resolve inside the document.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openApiPath } from '../../functions/openapi/document.js';
import type { Route } from '../../functions/routes.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

type Doc = Record<string, any>;

export interface DocumentedResponse {
  description: string;
  /** Media type → schema (absent for bodiless responses). */
  content?: Record<string, { schema?: unknown; examples?: Record<string, { value: unknown }> }>;
}

/** The operation of a route and method in the document. */
export function operationOf(doc: Doc, route: Route, method: string): Doc {
  const op = doc.paths?.[openApiPath(route.path)]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${route.path} is not in the document`);
  return op;
}

/** The documented response for a status (a `$ref` to components.responses resolved). */
export function responseOf(doc: Doc, route: Route, method: string, status: number): DocumentedResponse | undefined {
  const response = operationOf(doc, route, method).responses?.[String(status)];
  if (response?.$ref) return doc.components.responses[String(response.$ref).split('/').pop()!];
  return response;
}

/** Validates data against schemas taken from one OpenAPI document. */
export class DocumentValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  private readonly cache = new Map<unknown, ValidateFunction>();
  private count = 0;

  constructor(private readonly doc: Doc) {
    addFormats(this.ajv);
  }

  /** A validator for a Schema Object of the document (its `#/components/…` references resolve in the document). */
  validator(schema: unknown): ValidateFunction {
    let fn = this.cache.get(schema);
    if (!fn) {
      const root =
        typeof schema === 'boolean'
          ? { $id: `urn:openapi-check:${++this.count}`, components: this.doc.components, ...(schema ? {} : { not: {} }) }
          : { ...(schema as object), $id: `urn:openapi-check:${++this.count}`, components: this.doc.components };
      fn = this.ajv.compile(root);
      this.cache.set(schema, fn);
    }
    return fn;
  }

  /** Validation errors of `data` against `schema` as readable lines (empty when valid). */
  errors(schema: unknown, data: unknown): string[] {
    const fn = this.validator(schema);
    if (fn(data)) return [];
    return (fn.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
