/**
 * Builders for the object schemas that recur in the request and response bodies: an object whose
 * listed fields are all required, either closed (nothing else allowed) or open; a PATCH body (any
 * subset of its fields, nothing else); and a body with FlexMeasures' numeric `status` added.
 * `required` lists the fields in the order they are declared, so a builder yields the same schema,
 * key for key, as writing it out (the generated validators and the OpenAPI document depend on it).
 */

type Properties = { readonly [field: string]: object };

type AllRequired<P> = { readonly type: 'object'; readonly required: (keyof P & string)[]; readonly properties: P };
type Exact<P> = { readonly type: 'object'; readonly required: (keyof P & string)[]; readonly additionalProperties: false; readonly properties: P };
type Titled<T extends string, S> = { readonly title: T } & S;

const requiredOf = <P extends Properties>(properties: P) => Object.keys(properties) as (keyof P & string)[];

/** `{ title?, type: 'object', required: <every field>, additionalProperties: false, properties }`: exactly these fields. */
export function exactFields<const P extends Properties>(properties: P): Exact<P>;
export function exactFields<const T extends string, const P extends Properties>(title: T, properties: P): Titled<T, Exact<P>>;
export function exactFields(...args: [Properties] | [string, Properties]): object {
  const [title, properties] = args.length === 1 ? [undefined, args[0]] : args;
  const schema = { type: 'object', required: requiredOf(properties), additionalProperties: false, properties };
  return title === undefined ? schema : { title, ...schema };
}

/** `{ title?, type: 'object', required: <every field>, properties }`: at least these fields; others are not described. */
export function requiredFields<const P extends Properties>(properties: P): AllRequired<P>;
export function requiredFields<const T extends string, const P extends Properties>(title: T, properties: P): Titled<T, AllRequired<P>>;
export function requiredFields(...args: [Properties] | [string, Properties]): object {
  const [title, properties] = args.length === 1 ? [undefined, args[0]] : args;
  const schema = { type: 'object', required: requiredOf(properties), properties };
  return title === undefined ? schema : { title, ...schema };
}

/** A PATCH body: any subset of `properties`; any other field is "Unknown field.". */
export function patchBody<const P extends Properties>(properties: P) {
  return { type: 'object', additionalProperties: false, properties } as const;
}

/** A query of `account_id` alone (a list of the entities of that account): the caller's account when absent. */
export function accountIdQuery() {
  return { type: 'object', properties: { account_id: { type: 'integer', 'x-description': "default: the caller's account" } } } as const;
}

/** `schema` plus the numeric `status` FlexMeasures adds to an object answer. */
export function withStatus<const S extends object, const N extends number>(schema: S, status: N) {
  return {
    allOf: [schema, { type: 'object', required: ['status'], properties: { status: { const: status } } }],
  } as const;
}
