/**
 * Pure helpers of the DynamoDB adapters (no I/O): item and key types, update expressions,
 * recognising a failed condition, and which numbers DynamoDB can store. The requests themselves
 * go through the toolkit (toolkit.ts).
 */
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';

export type Item = Record<string, unknown>;
export type Key = { pk: string; sk: string };

/** How to read each field of an entity back from its item: one function per field, given the attribute of the same name. */
export type Decoders<T> = { [K in keyof T]-?: (value: unknown) => T[K] };

/** An entity from its stored item, field by field (attributes that are not fields are left out). */
export function decode<T>(item: Item, decoders: Decoders<T>): T {
  const out: Record<string, unknown> = {};
  for (const [field, read] of Object.entries(decoders) as [string, (value: unknown) => unknown][]) out[field] = read(item[field]);
  return out as T;
}

/**
 * How one field of an entity is stored when the attribute is not named like the field: the item
 * attribute that holds it, how to read it back, and how to write it when it is not stored as it is.
 */
export interface FieldCodec<V> {
  readonly attribute: string;
  readonly read: (value: unknown) => V;
  readonly write?: (value: V) => unknown;
}

/**
 * The stored form of every field of an entity. The attribute names are a persisted format (tables
 * written by deployed versions must stay readable), independent of what the domain calls the fields.
 */
export type Codecs<T> = { [K in keyof T]-?: FieldCodec<T[K]> };

/** A field stored under `attribute`. */
export const stored = <V>(attribute: string, read: (value: unknown) => V, write?: (value: V) => unknown): FieldCodec<V> => ({ attribute, read, write });

/** An entity from its stored item, field by field through its codecs (other attributes are left out). */
export function fromItem<T>(item: Item, codecs: Codecs<T>): T {
  const out: Record<string, unknown> = {};
  for (const [field, codec] of Object.entries(codecs) as [string, FieldCodec<unknown>][]) out[field] = codec.read(item[codec.attribute]);
  return out as T;
}

/** The stored attributes of the fields `entity` has (all of an entity, or only those a PATCH changes). */
export function toItem<T>(entity: Partial<T>, codecs: Codecs<T>): Item {
  const out: Item = {};
  for (const [field, codec] of Object.entries(codecs) as [string, FieldCodec<unknown>][]) {
    if (!(field in entity)) continue;
    const value = (entity as Record<string, unknown>)[field];
    out[codec.attribute] = codec.write ? codec.write(value) : value;
  }
  return out;
}

/** A new entity: `id` and, of `fields`, exactly the entity's other fields (those its codecs name; a caller's object may carry more). */
export function entityOf<T extends { id: number }>(id: number, fields: Omit<T, 'id'>, codecs: Codecs<T>): T {
  const out: Record<string, unknown> = { id };
  for (const field of Object.keys(codecs)) if (field !== 'id') out[field] = (fields as Record<string, unknown>)[field];
  return out as T;
}

/** A stored number that may be null (or absent). */
export const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** A stored string that may be null (or absent). */
export const stringOrNull = (v: unknown): string | null => (v as string | null | undefined) ?? null;

/** Whether a write failed because its ConditionExpression did not hold. */
export function isConditionFailed(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/**
 * The expression parts of an UpdateCommand that sets the attributes of `set` (attribute → value)
 * and removes those of `remove`; every attribute goes through a placeholder name, so reserved words
 * (`name`, `status`, …) need no care. At least one attribute must be given.
 */
export function updateExpression(
  set: Readonly<Record<string, unknown>>,
  remove: readonly string[] = [],
): Pick<UpdateCommandInput, 'UpdateExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const names: Record<string, string> = {};
  const values: Item = {};
  const assignments = Object.entries(set).map(([attribute, value], i) => {
    names[`#a${i}`] = attribute;
    values[`:v${i}`] = value;
    return `#a${i} = :v${i}`;
  });
  const removals = remove.map((attribute, i) => {
    names[`#r${i}`] = attribute;
    return `#r${i}`;
  });
  if (!assignments.length && !removals.length) throw new Error('updateExpression: nothing to set or remove');
  return {
    UpdateExpression: [assignments.length ? `SET ${assignments.join(', ')}` : '', removals.length ? `REMOVE ${removals.join(', ')}` : '']
      .filter(Boolean)
      .join(' '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: assignments.length ? values : undefined,
  };
}

/** Whether DynamoDB can hold a finite double as a number: 0, or a magnitude in [1e-130, 1e126). */
export function fitsDynamoNumber(value: number): boolean {
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude >= 1e-130 && magnitude < 1e126);
}

/**
 * Whether a JSON-like value holds only numbers DynamoDB can store as numbers (a request may carry,
 * say, `1e-133`, which JSON and JavaScript accept and a DynamoDB number does not).
 */
export function allNumbersFit(value: unknown): boolean {
  if (typeof value === 'number') return fitsDynamoNumber(value);
  if (Array.isArray(value)) return value.every(allNumbersFit);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allNumbersFit);
  return true;
}
