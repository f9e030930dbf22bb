/**
 * Turns the request/response JSON Schemas of `schemas/` into OpenAPI 3.1 Schema Objects (JSON
 * Schema 2020-12): our validation-only keywords are translated or dropped (`x-format` → `format`
 * plus a sentence in `description`, `x-description` → `description`, `x-messages` dropped, since it
 * only rewords error messages), and schemas with a `title` or `$id` become named components that
 * are referenced wherever the same schema object is used again. Schemas with internal `$ref`s
 * (`#`, `#/$defs/…`) are always made components, and their references rewritten to point into the
 * component, so they resolve inside the OpenAPI document.
 */
import type { JsonSchema } from './types.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** An OpenAPI 3.1 Schema Object (JSON Schema 2020-12), or a boolean schema. */
export type SchemaObject = { [key: string]: Json } | boolean;

/** The OpenAPI `format` and the sentence added to the description, per value of our `x-format`. */
const X_FORMATS: Record<string, { format: string; note: string }> = {
  'aware-datetime': { format: 'date-time', note: 'ISO 8601 datetime with a UTC offset, e.g. `2021-05-02T00:00:00+02:00`.' },
  duration: { format: 'duration', note: 'ISO 8601 duration in whole minutes, e.g. `PT15M`.' },
  'any-duration': { format: 'duration', note: 'ISO 8601 duration, e.g. `PT1H`, `P1D` or `P1M`.' },
};

/** Keywords whose value is a map of subschemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords whose value is one subschema (`items` may also be a list in older drafts). */
const SCHEMA_SINGLE = new Set([
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
]);
/** Validation-only or resource keywords that do not belong in the document. */
const DROPPED = new Set(['x-messages', '$schema', '$id']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function cloneJson(value: unknown): Json {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneJson(v)]));
  return value as Json;
}

/** A component name OpenAPI accepts (`^[a-zA-Z0-9._-]+$`). */
function componentName(raw: string): string {
  const name = raw.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
  return name || 'Schema';
}

/** Escapes a JSON pointer token. */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Whether a schema has `$ref`s into its own resource (those below a nested `$id` belong to that resource). */
function hasInternalRefs(schema: unknown, top = true): boolean {
  if (Array.isArray(schema)) return schema.some((s) => hasInternalRefs(s, false));
  if (!isObject(schema)) return false;
  if (!top && typeof schema.$id === 'string') return false;
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) return true;
  return Object.values(schema).some((v) => hasInternalRefs(v, false));
}

/**
 * Collects the named schemas of one document. `use` gives the Schema Object to put where a schema
 * is used: a `$ref` for named schemas (registered once, by object identity), else an inline copy.
 */
export class SchemaRegistry {
  /** Translated components by name, in the order they were first used. */
  readonly components = new Map<string, SchemaObject>();
  private readonly names = new Map<object, string>();

  /** Registers a schema under a fixed component name (the standard error bodies). */
  define(name: string, schema: JsonSchema): void {
    this.component(schema, name);
  }

  /**
   * The Schema Object for `schema` at a place of use. `nameHint` names the component when the
   * schema must be one (internal `$ref`s) but has neither `title` nor `$id`.
   */
  use(schema: JsonSchema | boolean, nameHint = 'Schema'): SchemaObject {
    if (typeof schema === 'boolean') return schema;
    const named = this.names.get(schema) ?? this.nameOf(schema) ?? (hasInternalRefs(schema) ? nameHint : undefined);
    if (named !== undefined) return { $ref: this.component(schema, named) };
    return this.translate(schema, '#');
  }

  /** The properties and `required` list of an object schema (merging `allOf` members), translated one by one. */
  properties(schema: JsonSchema, nameHint: string): { name: string; schema: SchemaObject; required: boolean }[] {
    // Internal references of the schema resolve inside its component.
    const base = hasInternalRefs(schema) ? this.component(schema, this.names.get(schema) ?? this.nameOf(schema) ?? nameHint) : '#';
    const out = new Map<string, { name: string; schema: SchemaObject; required: boolean }>();
    const collect = (s: unknown) => {
      if (!isObject(s)) return;
      const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      for (const [name, prop] of Object.entries(isObject(s.properties) ? s.properties : {})) {
        out.set(name, { name, schema: this.child(prop, base), required: required.has(name) || !!out.get(name)?.required });
      }
      for (const name of required) {
        const known = out.get(name);
        if (known) known.required = true;
      }
      if (Array.isArray(s.allOf)) s.allOf.forEach(collect);
    };
    collect(schema);
    return [...out.values()];
  }

  /** The document's `components.schemas`. */
  toJson(): Record<string, SchemaObject> {
    return Object.fromEntries(this.components);
  }

  private nameOf(schema: JsonSchema): string | undefined {
    const raw = typeof schema.title === 'string' ? schema.title : typeof schema.$id === 'string' ? schema.$id : undefined;
    return raw === undefined ? undefined : componentName(raw);
  }

  /** Registers (once) and returns the `$ref` of a schema's component. */
  private component(schema: JsonSchema, wanted: string): string {
    let name = this.names.get(schema);
    if (name === undefined) {
      name = componentName(wanted);
      for (let n = 2; this.components.has(name); n++) name = `${componentName(wanted)}${n}`;
      this.names.set(schema, name);
      // Reserve the name before translating, so recursive schemas refer to themselves.
      this.components.set(name, {});
      this.components.set(name, this.translate(schema, `#/components/schemas/${pointerToken(name)}`));
    }
    return `#/components/schemas/${pointerToken(name)}`;
  }

  /** A subschema: named ones become references, the rest are translated in place. */
  private child(value: unknown, base: string): SchemaObject {
    if (typeof value === 'boolean') return value;
    if (!isObject(value)) return cloneJson(value) as SchemaObject;
    const named = this.names.get(value) ?? this.nameOf(value);
    if (named !== undefined) return { $ref: this.component(value, named) };
    return this.translate(value, base);
  }

  private translate(schema: JsonSchema, base: string): { [key: string]: Json } {
    const out: { [key: string]: Json } = {};
    const notes: string[] = [];
    for (const [key, value] of Object.entries(schema)) {
      if (DROPPED.has(key)) continue;
      if (key === 'x-format') {
        const known = X_FORMATS[String(value)];
        if (!known) throw new Error(`Unknown x-format "${String(value)}" in a schema`);
        if (schema.format === undefined) out.format = known.format;
        notes.push(known.note);
      } else if (key === 'x-description') {
        notes.unshift(String(value));
      } else if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) {
        out.$ref = base + value.slice(1);
      } else if (SCHEMA_MAPS.has(key) && isObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.child(v, base) as Json]));
      } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
        out[key] = value.map((v) => this.child(v, base) as Json);
      } else if (SCHEMA_SINGLE.has(key)) {
        out[key] = Array.isArray(value) ? value.map((v) => this.child(v, base) as Json) : (this.child(value, base) as Json);
      } else {
        out[key] = cloneJson(value);
      }
    }
    // A schema that already explains its ISO 8601 format does not need our sentence about it too.
    const explained = [schema.description, schema['x-description']].some((d) => typeof d === 'string' && /iso 8601/i.test(d));
    if (explained) notes.splice(0, notes.length, ...notes.filter((n) => !Object.values(X_FORMATS).some((f) => f.note === n)));
    if (notes.length) {
      const sentences = notes.map((n) => n.trim()).filter(Boolean).map((n) => (/[.!?]$/.test(n) ? n : `${n}.`));
      const own = typeof out.description === 'string' && out.description.trim() ? [out.description.trim()] : [];
      out.description = [...own, ...sentences.map((s) => s.charAt(0).toUpperCase() + s.slice(1))].join(' ');
    }
    return out;
  }
}
