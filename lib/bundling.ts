/**
 * How every Lambda is bundled: the options lib/stack.ts gives NodejsFunction, and the same options
 * in esbuild's own terms for the tests and benchmarks that bundle handlers outside CDK.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import type { BeliefStoreKind } from '../functions/lambda/config.js';
import { DEFAULT_ROUTE_HANDLER, ROUTES } from '../functions/routes.js';

export const ROOT = join(import.meta.dirname, '..');

/** ESM output needs a `require` for the CommonJS dependencies esbuild inlines. */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
/** The Lambda runtime provides the AWS SDK v3. */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];
export const MAIN_FIELDS = ['module', 'main'];
/** The Lambda runtime is nodejs24.x; the bundles keep the source's ES2022 syntax, so they also run on the local Node 20. */
export const TARGET = 'node24';

/**
 * Compile-time constants of a stack's bundles: the belief store is fixed per deployment, so
 * `globalThis.__FM_BELIEF_STORE__` (functions/stores/factories.ts) is replaced by its value and the minifier drops the other store's
 * branch; with `"sideEffects": false` its adapter and SDK clients leave the bundle (a DynamoDB
 * deployment never loads the Timestream clients at cold start). The Lambda environment still
 * carries BELIEF_STORE, with the same value.
 */
export function bundleDefines(beliefStore: BeliefStoreKind): Record<string, string> {
  return { 'globalThis.__FM_BELIEF_STORE__': JSON.stringify(beliefStore) };
}

/** esbuild options equal to what NodejsFunction runs for a handler module of a stack with `beliefStore`. */
export function esbuildOptions(entry: string, outfile: string, beliefStore: BeliefStoreKind): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: TARGET,
    minify: true,
    external: EXTERNAL_MODULES,
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    define: bundleDefines(beliefStore),
    logLevel: 'silent',
  };
}

/**
 * Every handler module the stack deploys: the route table's handlers plus the Lambda entry points
 * at the top of functions/ (solver, ingestion, …; routes.ts is the table itself) and the `$default`
 * route's handler.
 */
export function deployedModules(): string[] {
  const topLevel = readdirSync(join(ROOT, 'functions'))
    .filter((f) => f.endsWith('.ts') && f !== 'routes.ts')
    .map((f) => f.slice(0, -3));
  return [...new Set([...ROUTES.map((r) => r.handler), DEFAULT_ROUTE_HANDLER, ...topLevel])].sort();
}
