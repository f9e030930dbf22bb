/**
 * Belief semantics (docs/contract/beliefs-model.md): the data model, timing (knowledge time, belief horizon ↔ belief
 * time), turning posted series into beliefs, write classification (new / unchanged / replacement),
 * selection for reads, resampling, and per-source statistics. Pure: no I/O, the clock is a parameter.
 */
export * from './types.js';
export * from './timing.js';
export * from './post.js';
export * from './writes.js';
export * from './selection.js';
export * from './resampling.js';
export * from './get.js';
export * from './stats.js';
