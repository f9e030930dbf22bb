/**
 * The input limits of functions/core/limits.ts: the depth checks (on values and on JSON text, both
 * without recursion), and the documentation of every limit in the README's "Input limits" section
 * and the OpenAPI document, which must state the numbers the code enforces.
 */
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { exceedsDepth, MAX_ATTRIBUTES_CHARS, MAX_EMAIL_LENGTH, MAX_JSON_DEPTH, textExceedsDepth, jsonTooDeepMessage, attributesTooLargeMessage } from '../../functions/core/limits.js';
import { parseAttributes } from '../../functions/core/assets/attributes.js';
import { MAX_GRID_VALUES, MAX_POSTED_EVENTS, windowRangeError } from '../../functions/core/sensor-data.js';
import { buildOpenApiDocument } from '../../functions/openapi/document.js';
import { postSensorBody } from '../../schemas/sensors.js';
import { postAssetBody } from '../../schemas/assets.js';

const nestedText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('depth', () => {
  it('counts arrays and objects, not scalars, and survives nesting far beyond the call stack', () => {
    expect(exceedsDepth(1, 0)).toBe(false);
    expect(exceedsDepth([], 0)).toBe(true);
    expect(exceedsDepth({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(exceedsDepth({ a: [{ b: 1 }] }, 2)).toBe(true);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(exceedsDepth(deep)).toBe(true);
    expect(textExceedsDepth(nestedText(100_000))).toBe(true);
  });

  it('reads JSON text as JSON: brackets inside strings (and escaped quotes) do not count', () => {
    expect(textExceedsDepth(nestedText(MAX_JSON_DEPTH))).toBe(false);
    expect(textExceedsDepth(nestedText(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(textExceedsDepth(JSON.stringify({ a: '['.repeat(1000), b: 'say \\"[[[[' }))).toBe(false);
  });
});

describe('attributes', () => {
  it('refuses too deep or too long attributes, as an object or as JSON text, with the limit in the message', () => {
    const long = { x: 'y'.repeat(MAX_ATTRIBUTES_CHARS) };
    expect(parseAttributes(long)).toEqual({ ok: false, message: attributesTooLargeMessage() });
    expect(parseAttributes(JSON.stringify(long))).toEqual({ ok: false, message: attributesTooLargeMessage() });
    expect(parseAttributes({ a: JSON.parse(nestedText(MAX_JSON_DEPTH)) })).toEqual({ ok: false, message: jsonTooDeepMessage() });
    expect(parseAttributes(`{"a":${nestedText(5_000)}}`)).toEqual({ ok: false, message: jsonTooDeepMessage() });
    expect(parseAttributes({ x: 'y'.repeat(MAX_ATTRIBUTES_CHARS - 10) })).toMatchObject({ ok: true });
  });
});

describe('windows', () => {
  it('lie within the years 0000–9999', () => {
    expect(windowRangeError(Date.parse('9999-12-31T23:00:00Z'), Date.parse('9999-12-31T23:59:59.999Z') + 1)).toBeNull();
    expect(windowRangeError(Date.parse('9999-12-31T23:00:00Z'), Date.parse('9999-12-31T23:59:59.999Z') + 2)).not.toBeNull();
    expect(windowRangeError(Date.parse('0000-01-01T00:00:00Z') - 1, 0)).not.toBeNull();
  });
});

describe('documentation', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Input limits'), readme.indexOf('\n## ', readme.indexOf('## Input limits') + 3));
  const fmt = (n: number) => n.toLocaleString('en');

  it('the README states the numbers the code enforces', () => {
    expect(section.length).toBeGreaterThan(100);
    for (const text of [
      `${MAX_JSON_DEPTH} levels`,
      jsonTooDeepMessage(),
      `${fmt(MAX_ATTRIBUTES_CHARS)} characters`,
      attributesTooLargeMessage(),
      `${MAX_EMAIL_LENGTH} characters`,
      `${fmt(MAX_POSTED_EVENTS)} events`,
      fmt(MAX_GRID_VALUES),
      'sensors 120',
      'assets 80',
      'accounts 100',
    ]) {
      expect(section).toContain(text);
    }
    expect(postSensorBody.properties.name.maxLength).toBe(120);
    expect(postAssetBody.properties.name.maxLength).toBe(80);
  });

  it('the OpenAPI document states them too', () => {
    const doc = JSON.stringify(buildOpenApiDocument());
    for (const text of [`${MAX_JSON_DEPTH} levels`, `${fmt(MAX_ATTRIBUTES_CHARS)} characters of JSON`, fmt(MAX_POSTED_EVENTS), fmt(MAX_GRID_VALUES), 'Retry-After']) {
      expect(doc).toContain(text);
    }
  });
});
