/** JSON output as Flask writes it: keys sorted alphabetically (arrays keep their order). */
import type { Json } from '../core/errors.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function toJson(value: Json | undefined): string {
  return JSON.stringify(sortKeys(value ?? null));
}

/** Adds the numeric `status` key to a plain object that has none (flask-json's JSON_ADD_STATUS, docs/contract/api.md §1.3). */
export function injectStatus(body: Json | undefined, statusCode: number): Json | undefined {
  if (body && typeof body === 'object' && !Array.isArray(body) && !('status' in body)) {
    return { ...body, status: statusCode };
  }
  return body;
}
