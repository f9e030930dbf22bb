import { describe, it, expect } from '@jest/globals';
import { formatAttributes, parseAttributes, sensorsToShowIds } from '../../../functions/core/assets/attributes.js';
import { latitudeErrors, longitudeErrors } from '../../../functions/core/assets/location.js';
import { checkTimezone, checkUnit, parseEventResolution } from '../../../functions/core/assets/sensors.js';
import { duplicateAssetNameMessage, normaliseInflexibleSensorIds } from '../../../functions/core/assets/assets.js';
import { matchesSearchTerms, pageOf, SearchTermsError, shellSplit } from '../../../functions/core/assets/search.js';

describe('attributes (decision 0003)', () => {
  it('accepts a JSON string holding an object, or the object itself', () => {
    expect(parseAttributes('{"capacity_in_mw": 0.0074}')).toEqual({ ok: true, value: { capacity_in_mw: 0.0074 } });
    expect(parseAttributes({ a: 1 })).toEqual({ ok: true, value: { a: 1 } });
    expect(parseAttributes('{}')).toEqual({ ok: true, value: {} });
  });

  it('rejects null, malformed JSON and non-objects with FlexMeasures messages', () => {
    expect(parseAttributes(null)).toEqual({ ok: false, message: 'Field may not be null.' });
    expect(parseAttributes('{')).toEqual({ ok: false, message: 'Not a valid JSON string.' });
    expect(parseAttributes('{"hallo": world}')).toEqual({ ok: false, message: 'Not a valid JSON string.' });
    expect(parseAttributes('[1, 2]')).toEqual({ ok: false, message: 'Not a valid mapping type.' });
    expect(parseAttributes(5)).toEqual({ ok: false, message: 'Not a valid JSON string.' });
    expect(parseAttributes([1])).toEqual({ ok: false, message: 'Not a valid JSON string.' });
  });

  it('writes attributes as json.dumps does', () => {
    expect(formatAttributes({ sensors_to_show: [1, 2] })).toBe('{"sensors_to_show": [1, 2]}');
    expect(formatAttributes({})).toBe('{}');
  });

  it('validates sensors_to_show and collects the referenced ids', () => {
    expect(sensorsToShowIds({})).toEqual({ ok: true, value: [] });
    expect(sensorsToShowIds({ sensors_to_show: [] })).toEqual({ ok: true, value: [] });
    expect(sensorsToShowIds({ sensors_to_show: [1, [2, 3], { title: 'x', sensor: 4 }, { title: null, sensors: [1, 5] }] })).toEqual({
      ok: true,
      value: [1, 2, 3, 4, 5],
    });
    const msg = (v: unknown) => {
      const r = sensorsToShowIds({ sensors_to_show: v });
      return r.ok ? null : r.message;
    };
    expect(msg(5)).toBe('sensors_to_show should be a list.');
    expect(msg([1, [2, [3, 4]]])).toBe("All elements in a list within 'sensors_to_show' must be integers.");
    expect(msg([1, '2'])).toBe("Invalid item type in 'sensors_to_show'. Expected int, list, or dict.");
    expect(msg([{ sensor: 1 }])).toBe("Dictionary must contain a 'title' key.");
    expect(msg([{ title: 3, sensor: 1 }])).toBe("'title' value must be a string.");
    expect(msg([{ title: 't', sensor: '1' }])).toBe("'sensor' value must be an integer.");
    expect(msg([{ title: 't', sensors: [1, 'a'] }])).toBe("'sensors' value must be a list of integers.");
    expect(msg([{ title: 't' }])).toBe("Dictionary must contain either 'sensor' or 'sensors' key.");
  });
});

describe('coordinates', () => {
  it('checks ranges and decimals with FlexMeasures messages', () => {
    expect(latitudeErrors(52.3702157)).toEqual([]);
    expect(longitudeErrors(300.9)).toEqual(['Longitude 300.9 exceeds the maximum longitude of 180 degrees.']);
    expect(longitudeErrors(-181)).toEqual(['Longitude -181.0 exceeds the minimum longitude of -180 degrees.']);
    expect(latitudeErrors(91)).toEqual(['Latitude 91.0 exceeds the maximum latitude of 90 degrees.']);
    expect(latitudeErrors(-90.5)).toEqual(['Latitude -90.5 exceeds the minimum latitude of -90 degrees.']);
    expect(latitudeErrors(1.12345678)).toEqual(['Latitudes and longitudes are limited to 7 decimal places.']);
    expect(latitudeErrors(1e-8)).toEqual(['Latitudes and longitudes are limited to 7 decimal places.']);
    expect(latitudeErrors(1e-7)).toEqual([]);
  });
});

describe('sensor fields', () => {
  it('checks units, time zones and resolutions', () => {
    expect(checkUnit('MW')).toEqual({ ok: true, value: 'MW' });
    expect(checkUnit('m³/h').ok).toBe(true);
    expect(checkUnit('not-a-unit')).toEqual({ ok: false, message: "Unit 'not-a-unit' cannot be handled." });
    expect(checkTimezone('Europe/Amsterdam').ok).toBe(true);
    expect(checkTimezone('Mars/Olympus')).toEqual({ ok: false, message: "Timezone Mars/Olympus doesn't exist." });
    expect(parseEventResolution('PT15M')).toEqual({ ok: true, value: 900_000 });
    expect(parseEventResolution('P0D')).toEqual({ ok: true, value: 0 });
    expect(parseEventResolution('P0DT0H15M0S')).toEqual({ ok: true, value: 900_000 });
    expect(parseEventResolution('PT30S')).toEqual({ ok: false, message: 'FlexMeasures only support multiples of 1 minute.' });
    expect(parseEventResolution('soon')).toMatchObject({ ok: false, message: expect.stringContaining('Cannot parse soon as ISO8601 duration') });
    expect(parseEventResolution('P1M')).toMatchObject({ ok: false });
    expect(parseEventResolution('-PT15M')).toMatchObject({ ok: false });
  });
});

describe('asset rules', () => {
  it('words the duplicate-name message as FlexMeasures', () => {
    expect(duplicateAssetNameMessage('x', null)).toBe("An asset with the name 'x' already exists under parent asset with id=None.");
    expect(duplicateAssetNameMessage('x', 4)).toBe("An asset with the name 'x' already exists under parent asset with id=4.");
  });

  it('clears inflexible sensors with [-1]', () => {
    expect(normaliseInflexibleSensorIds([-1])).toEqual([]);
    expect(normaliseInflexibleSensorIds([3, 3, 4])).toEqual([3, 4]);
  });
});

describe('search and pages (docs/contract/api.md §7.6)', () => {
  it('splits shell-style', () => {
    expect(shellSplit('solar "ACME corp"')).toEqual(['solar', 'ACME corp']);
    expect(shellSplit("  a  'b c'd  e\\ f ")).toEqual(['a', 'b cd', 'e f']);
    expect(shellSplit('"a\\"b"')).toEqual(['a"b']);
    expect(shellSplit('')).toEqual([]);
    expect(shellSplit('""')).toEqual(['']);
    expect(() => shellSplit('"unbalanced')).toThrow(new SearchTermsError('No closing quotation'));
    expect(() => shellSplit('trailing\\')).toThrow(new SearchTermsError('No escaped character'));
  });

  it('matches every term against asset or account name, case-insensitively', () => {
    expect(matchesSearchTerms(['bat', 'prosumer'], 'Test Battery', 'Test Prosumer Account')).toBe(true);
    expect(matchesSearchTerms(['bat', 'supplier'], 'Test Battery', 'Test Prosumer Account')).toBe(false);
    expect(matchesSearchTerms(['tropo'], 'troposphere', null)).toBe(true);
    expect(matchesSearchTerms(['account'], 'troposphere', null)).toBe(false);
    expect(matchesSearchTerms([], 'x', null)).toBe(true);
  });

  it('pages like Flask-SQLAlchemy: page 1 always exists, later pages only when not empty', () => {
    const items = [1, 2, 3, 4, 5];
    expect(pageOf(items, 1, 2)).toEqual({ items: [1, 2], total: 5 });
    expect(pageOf(items, 3, 2)).toEqual({ items: [5], total: 5 });
    expect(pageOf(items, 4, 2)).toBeNull();
    expect(pageOf([], 1, 10)).toEqual({ items: [], total: 0 });
    expect(pageOf([], 2, 10)).toBeNull();
  });
});
