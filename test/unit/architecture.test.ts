/**
 * The layering the README promises, checked on every import statement of functions/ (value and
 * type-only alike: a type import still couples the layers):
 * - only functions/stores names an AWS SDK client;
 * - functions/core is pure: no AWS SDK, middy, file, network or process I/O, and nothing from the
 *   outer layers (app, http, stores, handlers, jobs, ingest, openapi) nor from lib/ or local/;
 * - functions/app (the use cases) names no AWS SDK, nothing of the HTTP layer, no adapter and
 *   nothing of the Lambda wiring: it reaches the world only through the ports it is given.
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

/**
 * Every import of a module: static `import … from` and `export … from` (type-only ones included),
 * side-effect `import '…'` and `import('…')` (which also covers `typeof import('…')` in types).
 */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statements = [...text.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
  const bare = [...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!);
  const dynamic = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
  return [...statements, ...bare, ...dynamic];
}

/** The offending imports of the modules below `dir` (relative to the repository). */
function offenders(files: string[], dir: string, forbidden: RegExp, except?: string): string[] {
  return files
    .filter((f) => rel(f).startsWith(dir) && !(except && rel(f).startsWith(except)))
    .flatMap((f) => imports(f).filter((i) => forbidden.test(i)).map((i) => `${rel(f)} → ${i}`));
}

const rel = (file: string) => relative(ROOT, file);

describe('layering of functions/', () => {
  const files = sources(FUNCTIONS);

  it('finds the modules', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('names AWS SDK clients only in functions/stores', () => {
    expect(offenders(files, 'functions/', /^@aws-sdk\//, 'functions/stores/')).toEqual([]);
  });

  it('keeps functions/core free of AWS, middy, I/O and the outer layers', () => {
    const forbidden =
      /^(@aws-sdk\/|@middy\/|@aws-lambda-powertools\/|aws-lambda$|node:(fs|net|http|https|child_process|dgram|dns|tls|worker_threads)(\/|$)|fs$|http$)|\/(app|stores|http|api|lambda|openapi|console|lib|local)\//;
    expect(offenders(files, 'functions/core/', forbidden)).toEqual([]);
  });

  it('keeps functions/app free of AWS, the HTTP layer, the adapters and the Lambda wiring', () => {
    const forbidden = /^(@aws-sdk\/|@middy\/|aws-lambda$)|\/(http|api|stores|lambda|lib|local)\//;
    expect(offenders(files, 'functions/app/', forbidden)).toEqual([]);
  });

  it('rejects a type-only import across layers too', () => {
    const probe = join(ROOT, 'test', 'fixtures', 'architecture', 'type-import.ts');
    const forbidden = /^@aws-sdk\/|\/http\//;
    expect(offenders([probe], 'test/fixtures/architecture/', forbidden)).toEqual([
      'test/fixtures/architecture/type-import.ts → ../../../functions/http/request.js',
      'test/fixtures/architecture/type-import.ts → @aws-sdk/client-dynamodb',
    ]);
  });
});

/** The code lines of a module: not blank, not a comment, not part of an import statement. */
function codeLines(file: string): number {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*(import|export)\s[^;]*?from\s+'[^']+';/gm, '');
  return text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('//')).length;
}

describe('handlers of functions/api', () => {
  const handlers = sources(join(FUNCTIONS, 'api'));

  /** The rules a handler breaks: it authenticates or validates itself, or it is too long. */
  function broken(file: string): string[] {
    const text = readFileSync(file, 'utf8');
    const found: string[] = [];
    if (/\bauthenticate\s*\(/.test(text)) found.push('calls authenticate');
    if (imports(file).some((i) => /schemas\/generated\/validators|http\/validation/.test(i))) found.push('imports a validator');
    if (/\breq\.(body|args)\s*[<(]|\bvalidate(Body)?\s*[<(]/.test(text)) found.push('validates by itself');
    const lines = codeLines(file);
    if (lines > 40) found.push(`${lines} code lines`);
    return found;
  }

  it('never authenticate, validate or grow beyond 40 code lines', () => {
    const offenders = handlers.flatMap((f) => broken(f).map((why) => `${rel(f)}: ${why}`));
    expect(offenders).toEqual([]);
  });

  it('catches a handler that authenticates and validates by itself', () => {
    expect(broken(join(ROOT, 'test', 'fixtures', 'architecture', 'handler.ts'))).toEqual(['calls authenticate', 'imports a validator', 'validates by itself']);
  });
});
