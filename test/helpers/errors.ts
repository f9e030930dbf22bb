/** Assertions about thrown errors shared by the unit tests. */
import { expect } from '@jest/globals';

/**
 * The error `fn` throws synchronously; the test fails when it throws nothing or something that is
 * not a `type`.
 */
export function thrownBy<E extends Error>(type: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name}`);
}
