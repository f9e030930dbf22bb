/** Filling in the optional fields of an object being built. */

/** A value `setFields` leaves out. */
type Unset = undefined | null | false | 0 | '';

/**
 * Sets on `target` each of `fields` that holds a value, leaving the others absent (not undefined):
 * a built object carries an optional field only when there is something in it.
 */
export function setFields<T extends object>(target: T, fields: { [K in keyof T]?: T[K] | Unset }): T {
  for (const [key, value] of Object.entries(fields)) {
    if (value) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}
