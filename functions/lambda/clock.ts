/**
 * The one source of "now" for handlers (core functions take `now` as a parameter).
 * Tests replace it with `setClock` instead of sleeping.
 */
let current: () => number = () => Date.now();

export function now(): number {
  return current();
}

/** Replaces the clock (tests); `setClock()` restores the wall clock. */
export function setClock(clock?: () => number): void {
  current = clock ?? (() => Date.now());
}
