/**
 * Guards the tree-shaken mathjs usage where it matters: in the Lambda bundles of handlers that use
 * units, built with the stack's own esbuild options (lib/bundling.ts). Bundled alone, the units
 * module always tree-shakes; a handler bundle can lose that through code far from the units module
 * (a dynamic `import()` of our own code wraps everything it reaches in `__esm` initialisers and
 * pulls in all of mathjs: expression parser, every generated function, ≈ 0.6 MB and ≈ 0.6 s per
 * cold start). Sizes, not timings: deterministic.
 */
import { describe, it, expect } from '@jest/globals';
import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { ROOT, esbuildOptions } from '../../../lib/bundling.js';

/** Handlers reaching the units module by each path there is: assets (sensor units) and beliefs (conversion, belief store). */
const HANDLERS = ['api/sensors-post', 'api/sensors-data-post'];

/** The whole-library parts of mathjs, and the number types and dispatch, the Unit class on plain numbers does not need. */
const WHOLE_LIBRARY = [
  'node_modules/typed-function/',
  'node_modules/decimal.js/',
  'mathjs/lib/esm/type/matrix/',
  'mathjs/lib/esm/expression/parse.js',
  'mathjs/lib/esm/entry/pureFunctionsAny.generated.js',
  'mathjs/lib/esm/entry/impureFunctionsAny.generated.js',
  'mathjs/lib/esm/expression/embeddedDocs',
];

/**
 * mathjs' share of the Unit class built from its factory on plain numbers is ≈ 48 KB (the
 * `create({ UnitDependencies })` instance was ≈ 163 KB, all of mathjs is ≈ 613 KB).
 */
const MATHJS_LIMIT = 64 * 1024;

/** Bundles an entry as the stack does (`minify: false` only to read esbuild's helper names in the text). */
async function bundle(entry: string, minify = true): Promise<{ text: string; inputs: Metafile['outputs'][string]['inputs'] }> {
  const options = esbuildOptions(entry, join(ROOT, 'bundle-test-out', 'index.mjs'), 'timestream');
  const result = await build({ ...options, minify: minify && options.minify, write: false, metafile: true });
  const [output] = Object.values(result.metafile.outputs).filter((o) => o.entryPoint);
  return { text: result.outputFiles[0]!.text, inputs: output!.inputs };
}

function mathjsBytes(inputs: Metafile['outputs'][string]['inputs']): number {
  return Object.entries(inputs)
    .filter(([path]) => path.includes('node_modules/mathjs/'))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
}

describe('units in Lambda bundles', () => {
  it.each(HANDLERS)('%s bundles mathjs down to the Unit class', async (handler) => {
    const entry = join(ROOT, 'functions', `${handler}.ts`);
    const [{ inputs }, { text }] = await Promise.all([bundle(entry), bundle(entry, false)]);
    const included = Object.keys(inputs).filter((path) => inputs[path]!.bytesInOutput > 0);
    expect(included).toContain('functions/core/units/registry.ts');
    expect(included.some((p) => p.endsWith('mathjs/lib/esm/type/unit/Unit.js'))).toBe(true);
    expect(included.filter((p) => WHOLE_LIBRARY.some((part) => p.includes(part)))).toEqual([]);
    expect(mathjsBytes(inputs)).toBeLessThan(MATHJS_LIMIT);
    // No lazily initialised modules: esbuild does not tree-shake `sideEffects: false` packages inside them.
    expect(text).not.toMatch(/\b__esm\(/);
  }, 120_000);

  it('the units module alone bundles mathjs down to the Unit class', async () => {
    const { inputs } = await bundle(join(ROOT, 'functions', 'core', 'units', 'index.ts'));
    expect(Object.keys(inputs).some((p) => p.endsWith('mathjs/lib/esm/type/unit/Unit.js'))).toBe(true);
    expect(Object.keys(inputs).filter((p) => WHOLE_LIBRARY.some((part) => p.includes(part)))).toEqual([]);
    expect(mathjsBytes(inputs)).toBeLessThan(MATHJS_LIMIT);
  }, 60_000);
});
