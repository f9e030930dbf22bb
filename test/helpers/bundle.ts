/**
 * A Lambda function as the stack deploys it, for the infra tests: bundled by esbuild with the
 * stack's options (as a DynamoDB-belief-store stack bundles it) plus the files the stack's
 * afterBundling hook copies, in a temporary folder with no node_modules anywhere above it.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { copyBundledFiles } from '../../lib/stack.js';
import { esbuildOptions } from '../../lib/bundling.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** What an API handler answers API Gateway. */
export interface BundledResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

export interface BundledFunction {
  /** The folder holding index.mjs and the copied files (from the file's `beforeAll` on). */
  readonly dir: string;
  /** Invokes the bundled handler in a fresh Node process (as Lambda would) and returns its result. */
  invoke(event: object): BundledResult;
}

/**
 * Bundles the handler `functions/<handler>.ts` (`handler` as in the route table, e.g. `api/docs`)
 * before the file's tests, after `before` if given, and removes it after them.
 */
export function useBundledFunction(handler: string, options: { timeoutMs: number; before?: () => Promise<void> }): BundledFunction {
  let out: string | undefined;
  const dir = () => {
    if (!out) throw new Error(`${handler} is not bundled yet`);
    return out;
  };
  beforeAll(async () => {
    await options.before?.();
    out = mkdtempSync(join(tmpdir(), `${handler.split('/').pop()}-bundle-`));
    await build(esbuildOptions(join(ROOT, 'functions', `${handler}.ts`), join(out, 'index.mjs'), 'dynamodb'));
    for (const command of copyBundledFiles(handler, ROOT, out)) execFileSync('bash', ['-c', command]);
  }, options.timeoutMs);
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir();
    },
    invoke(event) {
      const script = `const m = await import(${JSON.stringify(`file://${join(dir(), 'index.mjs')}`)}); process.stdout.write(JSON.stringify(await m.handler(${JSON.stringify(event)})));`;
      return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir(), maxBuffer: 64 * 1024 * 1024 }).toString());
    },
  };
}
