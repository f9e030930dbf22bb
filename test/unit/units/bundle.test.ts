/**
 * Guards the tree-shaken mathjs usage: bundled the way NodejsFunction bundles a Lambda (esbuild,
 * ESM), the units module must not pull in the full mathjs instance (expression parser, all
 * generated functions), which would cost ≈ 0.6 s per cold start. Sizes, not timings: deterministic.
 */
import { describe, it, expect } from '@jest/globals';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../../functions/core/units/index.ts', import.meta.url));

describe('units bundle', () => {
  it('tree-shakes mathjs down to the Unit class', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      minify: true,
      logLevel: 'silent',
    });
    const [output] = Object.values(result.metafile.outputs).filter((o) => o.entryPoint);
    expect(output).toBeDefined();
    const inputs = Object.keys(output!.inputs);
    expect(inputs.some((p) => p.includes('mathjs/lib/esm/type/unit/Unit.js'))).toBe(true);
    expect(inputs.some((p) => p.includes('mathjs/lib/esm/expression/parse.js'))).toBe(false);
    expect(inputs.some((p) => p.includes('pureFunctionsAny.generated'))).toBe(false);
    expect(inputs.some((p) => p.includes('embeddedDocs'))).toBe(false);
    expect(output!.bytes).toBeLessThan(400_000);
  }, 60_000);
});
