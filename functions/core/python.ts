/**
 * How FlexMeasures (Python) writes values into texts clients see: `json.dumps` with its default
 * separators and ASCII escaping (the `attributes` strings), and `str()` / `repr()` of values
 * (audit log events such as `New value: {'a': 1}`, validation messages such as `Latitude 300.0 …`).
 *
 * JavaScript numbers do not remember whether they were written as `2` or `2.0`: integral numbers
 * are rendered as Python ints, except where the field is a float by definition (`pyFloat`).
 */

/** Python's `repr(float)`: `10.0`, `0.5`, `1e-05`, `1e+16`, `inf`, `nan`. */
export function pyFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    // Python switches to exponent notation at 1e16 and below 1e-4; exponents have at least two digits.
    const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
    const sign = exponent.startsWith('-') ? '-' : '+';
    const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  const text = String(n);
  return Number.isInteger(n) ? `${text}.0` : text;
}

/** A number as Python would print the value it came from: ints stay ints, other numbers are floats. */
function pyNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? String(n) : pyFloat(n);
}

/** Python's `repr(str)`: single quotes unless the text holds a single quote and no double quote. */
export function pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's `repr()` of a JSON-like value: `None`, `True`, `'text'`, `[1, 2]`, `{'a': 1}`. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

/** Python's `str()` of a JSON-like value: like `repr()`, except that a top-level string is written as is. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function escapeJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    // ensure_ascii: everything outside printable ASCII as \uXXXX (UTF-16 units, so astral characters become surrogate pairs).
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * Python's `json.dumps(value)` with default settings: `", "` and `": "` separators, ASCII-only
 * output, keys in insertion order. E.g. `{"capacity_in_mw": 2, "market_id": 3}`.
 */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return pyNumber(value);
  }
  if (typeof value === 'string') return escapeJsonString(value);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${escapeJsonString(k)}: ${pyJsonDumps(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return 'null';
}
