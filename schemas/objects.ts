/**
 * Builders for the object schemas that recur in the response bodies: an object whose listed fields
 * are all required, either closed (nothing else allowed) or open, and a body with FlexMeasures'
 * numeric `status` added. `required` lists the fields in the order they are declared, so a builder
 * yields the same schema, key for key, as writing it out.
 */

type Properties = { readonly [field: string]: object };

/** `{ type: 'object', required: <every field>, additionalProperties: false, properties }`: exactly these fields. */
export function exactFields<const P extends Properties>(properties: P) {
  return {
    type: 'object',
    required: Object.keys(properties) as (keyof P & string)[],
    additionalProperties: false,
    properties,
  } as const;
}

/** `{ type: 'object', required: <every field>, properties }`: at least these fields; others are not described. */
export function requiredFields<const P extends Properties>(properties: P) {
  return { type: 'object', required: Object.keys(properties) as (keyof P & string)[], properties } as const;
}

/** `schema` plus the numeric `status` FlexMeasures adds to an object answer. */
export function withStatus<const S extends object, const N extends number>(schema: S, status: N) {
  return {
    allOf: [schema, { type: 'object', required: ['status'], properties: { status: { const: status } } }],
  } as const;
}
