/**
 * The layering the README promises, checked on the import statements of functions/:
 * only functions/stores names an AWS SDK client; functions/core is pure (no AWS SDK, no file,
 * network or process I/O, and nothing from the HTTP layer, the stores or the handlers at run time;
 * type-only imports of the store ports are fine, they vanish at compile time).
 */
import { describe, it, expect } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const FUNCTIONS = join(ROOT, 'functions');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The value (not type-only) imports of a module: static `import … from`, `export … from` and `import()`. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statements = [...text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)]
    .filter((m) => !m[2])
    .map((m) => m[3]!);
  const dynamic = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
  return [...statements, ...dynamic];
}

const rel = (file: string) => relative(ROOT, file);

describe('layering of functions/', () => {
  const files = sources(FUNCTIONS);

  it('finds the modules', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('names AWS SDK clients only in functions/stores', () => {
    const offenders = files
      .filter((f) => !rel(f).startsWith('functions/stores/'))
      .flatMap((f) => valueImports(f).filter((i) => i.startsWith('@aws-sdk/')).map((i) => `${rel(f)} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('keeps functions/core free of AWS, I/O and the outer layers', () => {
    const forbidden = /^(@aws-sdk\/|node:(fs|net|http|https|child_process|dgram|dns|tls)(\/|$)|fs$|http$)|\/(stores|http|api|jobs|ingest|openapi)\//;
    const offenders = files
      .filter((f) => rel(f).startsWith('functions/core/'))
      .flatMap((f) => valueImports(f).filter((i) => forbidden.test(i)).map((i) => `${rel(f)} → ${i}`));
    expect(offenders).toEqual([]);
  });
});
