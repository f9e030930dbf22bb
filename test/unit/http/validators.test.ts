/**
 * The precompiled request validators (schemas/generated, from schemas/requests.ts via
 * scripts/compile-validators.ts): present and current, one per request schema, and giving the very
 * errors ajv's in-memory compile of the same schema gives (so the standalone module's imports of
 * ajv's runtime helpers and of the domain formats are wired right).
 */
import { describe, it, expect } from '@jest/globals';
import * as generated from '../../../schemas/generated/validators.js';
import { REQUEST_SCHEMAS } from '../../../schemas/requests.js';
import { compileRequestValidator, staleFiles } from '../../../scripts/compile-validators.js';
import type { RequestValidator } from '../../../functions/http/validation.js';

const validators = generated as unknown as Record<string, RequestValidator>;
const names = Object.keys(REQUEST_SCHEMAS) as (keyof typeof REQUEST_SCHEMAS)[];

/** Bad values for a property schema: a wrong type, a wrong string, a too-short string. */
function badValues(property: Record<string, unknown>): unknown[] {
  const values: unknown[] = [{ not: 'a scalar' }, null, 'not-a-valid-value', ''];
  if (property.type === 'array' || (Array.isArray(property.type) && property.type.includes('array'))) values.push(['x', {}], []);
  if (property.type === 'integer' || property.type === 'number') values.push('12abc', 1.5, -1e9);
  return values;
}

/** Requests that break each property of a schema in turn, plus a few wholesale ones. */
function badRequests(schema: { properties?: Record<string, Record<string, unknown>> }): unknown[] {
  const requests: unknown[] = [{}, [], 'text', { unknown_field: 1 }];
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    for (const value of badValues(property)) requests.push({ [field]: value });
  }
  return requests;
}

describe('precompiled request validators', () => {
  it('are current: schemas/generated is what the schemas compile to (npm run validators rewrites it)', async () => {
    const { changed, stray } = await staleFiles();
    expect({ changed: [...changed.keys()], stray }).toEqual({ changed: [], stray: [] });
  }, 60_000);

  it('exist for exactly the request schemas, each with its schema object and location', () => {
    expect(Object.keys(validators).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(validators[name]).toMatchObject({ name, location: REQUEST_SCHEMAS[name].location });
      expect(validators[name]!.schema).toBe(REQUEST_SCHEMAS[name].schema);
    }
  });

  it.each(names)('%s reports what the in-memory compile of its schema reports', (name) => {
    const { schema, location } = REQUEST_SCHEMAS[name];
    const reference = compileRequestValidator(name, schema, location);
    const requests = badRequests(schema as Parameters<typeof badRequests>[0]);
    let invalid = 0;
    for (const request of requests) {
      const [a, b] = [structuredClone(request), structuredClone(request)];
      const ok = validators[name]!.validate(a);
      expect([request, ok]).toEqual([request, reference.validate(b)]);
      // Coercion (query and path) changes the data in place, identically.
      expect(a).toEqual(b);
      if (!ok) {
        invalid++;
        expect(validators[name]!.validate.errors).toEqual(reference.validate.errors);
      }
    }
    expect(invalid).toBeGreaterThan(0);
  });
});
