/**
 * Input limits that are not a field's own schema rule: how deep a JSON document may nest, how
 * large `attributes` may be, how long an e-mail address that is looked up may be. They keep every
 * request inside what the stores and the runtime can take (a DynamoDB item holds at most 400 KB, a
 * key at most 2 KB; deep nesting exhausts the call stack), so that such input gets a clear 422
 * instead of failing halfway. The README's "Input limits" section lists them with the others.
 */

/** Deepest nesting of arrays and objects in a request body, and in `attributes` sent as JSON text. */
export const MAX_JSON_DEPTH = 32;

/** Longest `attributes` of a sensor or asset, as JSON text (characters). */
export const MAX_ATTRIBUTES_CHARS = 65_536;

/** Longest e-mail address (characters), as the user schema allows; longer ones belong to no user. */
export const MAX_EMAIL_LENGTH = 255;

/** How the API documentation states the `attributes` limits. */
export const ATTRIBUTES_LIMITS = `at most ${MAX_ATTRIBUTES_CHARS.toLocaleString('en')} characters of JSON, nested at most ${MAX_JSON_DEPTH} levels`;

export const jsonTooDeepMessage = (max = MAX_JSON_DEPTH) => `JSON may be nested at most ${max} levels deep.`;
export const attributesTooLargeMessage = (max = MAX_ATTRIBUTES_CHARS) =>
  `Attributes may hold at most ${max} characters of JSON.`;

/**
 * Whether `value` nests arrays/objects deeper than `max` levels (a scalar is depth 0, `[]` depth 1).
 * Iterative, so it cannot itself run out of stack.
 */
export function exceedsDepth(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Whether JSON text nests deeper than `max` levels, judged on the text itself (brackets outside
 * strings), so that a too deep text is never handed to a recursive parser or serializer.
 */
export function textExceedsDepth(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
