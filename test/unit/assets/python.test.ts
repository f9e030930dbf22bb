import { describe, it, expect } from '@jest/globals';
import { pyFloat, pyJsonDumps, pyRepr, pyStr } from '../../../functions/core/python.js';

describe('Python renderings', () => {
  it('writes floats as Python repr does', () => {
    expect(pyFloat(10)).toBe('10.0');
    expect(pyFloat(11.1)).toBe('11.1');
    expect(pyFloat(-0.5)).toBe('-0.5');
    expect(pyFloat(1e-5)).toBe('1e-05');
    expect(pyFloat(1e16)).toBe('1e+16');
    expect(pyFloat(0)).toBe('0.0');
  });

  it('writes repr/str of JSON-like values', () => {
    expect(pyRepr({ test_attribute: 'test_attribute_value' })).toBe("{'test_attribute': 'test_attribute_value'}");
    expect(pyRepr({})).toBe('{}');
    expect(pyRepr([1, 2.5, null, true, false])).toBe('[1, 2.5, None, True, False]');
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyStr('plain text')).toBe('plain text');
    expect(pyStr(null)).toBe('None');
  });

  it('writes json.dumps with its separators and ASCII escapes', () => {
    expect(pyJsonDumps({ capacity_in_mw: 2, market_id: 3 })).toBe('{"capacity_in_mw": 2, "market_id": 3}');
    expect(pyJsonDumps({ unit: 'm³/h', list: [1, [2]], n: null, t: true })).toBe('{"unit": "m\\u00b3/h", "list": [1, [2]], "n": null, "t": true}');
    expect(pyJsonDumps({})).toBe('{}');
    expect(JSON.parse(pyJsonDumps({ s: 'a"b\\c\n€😀' }))).toEqual({ s: 'a"b\\c\n€😀' });
  });
});
