/**
 * Every deployed function bundled as the stack bundles it. API functions must stay under 300 KB
 * minified (cold starts); the solver, GLPK wasm included, under 2 MB.
 *
 * Known gap (issue 7 stays open for it): functions that convert units carry the tree-shaken mathjs
 * unit engine (≈ 230 KB) next to ajv (≈ 130 KB) and are ≈ 410–475 KB. Until validators are
 * precompiled (ajv standalone) and the unit class is built from its factory directly, they are held
 * to a separate 500 KB ceiling so they cannot grow unnoticed.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, deployedModules, esbuildOptions } from '../../lib/bundling.js';
import { BUNDLED_FILES } from '../../lib/stack.js';

const KB = 1024;
const API_LIMIT = 300 * KB;
const UNIT_ENGINE_LIMIT = 500 * KB;
const SOLVER_LIMIT = 2048 * KB;

let out: string;
const bundles = new Map<string, { size: number; unitEngine: boolean }>();

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'bundles-'));
  await Promise.all(
    deployedModules().map(async (module) => {
      const outfile = join(out, module.replace(/\//g, '__'), 'index.mjs');
      const result = await build({ ...esbuildOptions(join(ROOT, 'functions', `${module}.ts`), outfile), metafile: true });
      const copied = (BUNDLED_FILES[module]?.files ?? []).reduce((sum, f) => sum + statSync(join(ROOT, f)).size, 0);
      const unitEngine = Object.keys(result.metafile.inputs).some((f) => f.includes('node_modules/mathjs/'));
      bundles.set(module, { size: statSync(outfile).size + (module === 'solver' ? copied : 0), unitEngine });
    }),
  );
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const over = (limit: number, pick: (m: string, b: { unitEngine: boolean }) => boolean) =>
  [...bundles]
    .filter(([m, b]) => pick(m, b) && b.size > limit)
    .map(([m, b]) => `${m}: ${(b.size / KB).toFixed(0)} KB`);

describe('bundle sizes', () => {
  it('bundles every deployed module', () => {
    expect(bundles.size).toBe(deployedModules().length);
    expect(bundles.size).toBeGreaterThan(10);
  });

  it('keeps every API function without the unit engine under 300 KB minified', () => {
    expect(over(API_LIMIT, (m, b) => m !== 'solver' && !b.unitEngine)).toEqual([]);
  });

  it('keeps functions with the unit engine under their 500 KB ceiling', () => {
    expect(over(UNIT_ENGINE_LIMIT, (m, b) => m !== 'solver' && b.unitEngine)).toEqual([]);
  });

  it('keeps the solver, wasm included, under 2 MB', () => {
    if (!existsSync(join(ROOT, 'functions', 'solver.ts'))) return expect(bundles.has('solver')).toBe(false);
    expect(bundles.get('solver')!.size).toBeLessThan(SOLVER_LIMIT);
  });
});
