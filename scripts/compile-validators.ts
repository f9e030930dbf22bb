/**
 * Compiles every request schema of schemas/requests.ts with ajv's standalone code generation into
 * schemas/generated/ (git-ignored; `npm ci`, `npm test`, `npm start`, `npm run bench`
 * and `cdk synth` regenerate it). Handlers import their validators from there: a Lambda bundle
 * carries a few KB of generated code per schema instead of ajv's compiler (≈ 130 KB minified), and
 * no schema is compiled at cold start.
 *
 *   npx tsx scripts/compile-validators.ts          writes the files (only those that changed)
 *   npx tsx scripts/compile-validators.ts --check  exits 1 when a file is missing or stale
 *
 * The generated validators report errors as ajv does (`verbose`, so that messages can use the
 * schema's `x-messages` and the value); functions/http/validation.ts turns them into marshmallow's
 * field errors. `x-format` (the domain formats of functions/http/formats.ts) is a code-generating
 * keyword here, so that standalone code can call the domain parser.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, Name, _, type KeywordCxt, type KeywordErrorDefinition } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';
import { domainFormatError, isDomainFormat } from '../functions/http/formats.js';
import type { Location } from '../functions/core/errors.js';
import type { CompiledValidate, RequestValidator } from '../functions/http/validation.js';
import { REQUEST_SCHEMAS, type RequestSchema } from '../schemas/requests.js';
import { DEFAULT_ROUTE_HANDLER, ROUTES, type Route } from '../functions/routes.js';

// Both packages ship CommonJS with the function as `default`.
const standaloneCode = ((standaloneModule as unknown as { default?: typeof standaloneModule }).default ??
  standaloneModule) as unknown as (ajv: Ajv, refs: Record<string, string>) => string;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv, formats?: string[]) => Ajv;

const ROOT = join(import.meta.dirname, '..');
/** Where the generated modules go (git-ignored). */
export const OUTPUT_DIR = join(ROOT, 'schemas', 'generated');
const SCHEMAS_DIR = join(ROOT, 'schemas');

/** The name the generated code calls the domain format check by (imported in its header). */
const FORMAT_CHECK = domainFormatError.name;

const X_FORMAT_ERROR: KeywordErrorDefinition = {
  message: ({ params }) => _`${params.message}`,
  params: ({ schema }) => _`{format: ${schema}}`,
};

/** An ajv instance compiling for one request location, as validation.ts reports its errors. */
export function ajvFor(location: Location): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    // Query and path values arrive as strings; FlexMeasures' webargs converts them per field.
    coerceTypes: location !== 'json',
    useDefaults: false,
    code: { source: true, esm: true },
  });
  addFormats(ajv, ['email', 'uri']);
  ajv.addKeyword({
    keyword: 'x-format',
    schemaType: 'string',
    error: X_FORMAT_ERROR,
    code(cxt: KeywordCxt) {
      const format = cxt.schema as string;
      if (!isDomainFormat(format)) throw new Error(`unknown x-format ${format}`);
      // `ref` serves ajv's in-memory compile, `code` the standalone module.
      const check = cxt.gen.scopeValue('func', { ref: domainFormatError, code: new Name(FORMAT_CHECK) });
      const message = cxt.gen.const('message', _`${check}(${format}, ${cxt.data}, ${location})`);
      cxt.setParams({ message });
      cxt.fail(_`${message} !== undefined`);
    },
  });
  // Documentation-only keywords used by the OpenAPI generator and the error messages.
  ajv.addKeyword({ keyword: 'x-messages' });
  ajv.addKeyword({ keyword: 'x-description' });
  return ajv;
}

/** Where each request schema object is exported from: module file (schemas/*.ts) and export name. */
async function schemaExports(): Promise<Map<object, { module: string; name: string }>> {
  const found = new Map<object, { module: string; name: string }>();
  const modules = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.ts') && f !== 'requests.ts').sort();
  for (const file of modules) {
    const exported = (await import(pathToFileURL(join(SCHEMAS_DIR, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (value && typeof value === 'object' && !found.has(value)) found.set(value, { module: file.replace(/\.ts$/, '.js'), name });
    }
  }
  return found;
}

/**
 * ajv's standalone code names its runtime helpers as `require("ajv/dist/runtime/…")` and
 * ajv-formats' formats as `require("ajv-formats/dist/formats")`; the generated module is ESM, so
 * each becomes a namespace import whose `default` is the CommonJS module (Node's interop, which
 * esbuild follows for `"type": "module"` packages).
 */
function importsForRequires(code: string): { code: string; imports: string[] } {
  const specifiers = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!))].sort();
  const imports: string[] = [];
  specifiers.forEach((specifier, i) => {
    imports.push(`import * as cjs${i} from '${specifier}.js';`);
    code = code.replaceAll(`require("${specifier}")`, `cjs${i}.default`);
  });
  return { code, imports };
}

/**
 * A request validator compiled in memory with the very options and keywords of the generated
 * module (ajv runs the same generated code through `new Function`): for tests of the validation
 * layer with schemas of their own.
 */
export function compileRequestValidator(name: string, schema: object, location: Location): RequestValidator {
  return { name, location, schema, validate: ajvFor(location).compile(schema) as CompiledValidate };
}

/** The generated files: path under schemas/generated → content. */
export type GeneratedFiles = Map<string, string>;

const HEADER = [
  '// @ts-nocheck',
  '// Generated by scripts/compile-validators.ts from schemas/requests.ts: do not edit (`npm run validators` rewrites it).',
];

/**
 * The generated modules: per location one module of ajv's standalone code (`validate-<location>.ts`,
 * each ajv instance names its functions from scratch, so they cannot share a module), and
 * `validators.ts` with one RequestValidator per request schema, under the schema's name.
 */
export async function compileValidators(): Promise<GeneratedFiles> {
  const exportsByObject = await schemaExports();
  const entries = Object.entries(REQUEST_SCHEMAS) as [string, RequestSchema][];
  const files: GeneratedFiles = new Map();
  const schemaImports = new Map<string, Set<string>>();
  const validateImports: string[] = [];
  const exportsCode: string[] = [];

  for (const location of [...new Set(entries.map(([, e]) => e.location))].sort()) {
    const ajv = ajvFor(location);
    const refs: Record<string, string> = {};
    for (const [name, entry] of entries.filter(([, e]) => e.location === location)) {
      ajv.addSchema(entry.schema, name);
      refs[`${name}Validate`] = name;
    }
    const { code, imports } = importsForRequires(standaloneCode(ajv, refs).replace(/^"use strict";/, ''));
    const module = `validate-${location}`;
    files.set(`${module}.ts`, [...HEADER, `import { ${FORMAT_CHECK} } from '../../functions/http/formats.js';`, ...imports, '', code, ''].join('\n'));
    validateImports.push(`import { ${Object.keys(refs).join(', ')} } from './${module}.js';`);
  }

  for (const [name, entry] of entries) {
    const origin = exportsByObject.get(entry.schema);
    if (!origin) throw new Error(`REQUEST_SCHEMAS.${name}: the schema is not exported from a module in schemas/`);
    if (!schemaImports.has(origin.module)) schemaImports.set(origin.module, new Set());
    schemaImports.get(origin.module)!.add(`${origin.name} as ${name}Schema`);
    exportsCode.push(
      `/** schemas/${origin.module.replace(/\.js$/, '.ts')} \`${origin.name}\`, for the ${entry.location} location. */`,
      `export const ${name}: RequestValidator = { name: '${name}', location: '${entry.location}', schema: ${name}Schema, validate: ${name}Validate };`,
    );
  }
  const schemaImportLines = [...schemaImports]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([module, names]) => `import { ${[...names].sort().join(', ')} } from '../${module}';`);
  files.set(
    'validators.ts',
    [...HEADER, `import type { RequestValidator } from '../../functions/http/validation.js';`, ...schemaImportLines, ...validateImports, '', ...exportsCode, ''].join('\n'),
  );
  for (const [file, code] of routeContracts()) files.set(file, code);
  return files;
}

/**
 * One contract module per handler module of functions/routes.ts (`routes/<name>.ts`): whether its
 * routes are public, the validators of the body and query its route declares, and the adapter
 * factories of its access, so that the request pipeline (functions/http/handler.ts) validates with
 * what the route table says and a Lambda bundle carries only its own validators and adapters. Routes sharing a handler must agree on these.
 */
function routeContracts(): GeneratedFiles {
  const nameOf = new Map<object, string>(Object.entries(REQUEST_SCHEMAS).map(([name, entry]) => [entry.schema, name]));
  const validatorName = (schema: object, handler: string) => {
    const name = nameOf.get(schema);
    if (!name) throw new Error(`${handler}: a schema of its route is not in schemas/requests.ts`);
    return name;
  };
  const contracts = new Map<string, string>();
  const validatorsOf = new Map<string, string[]>();
  const groupsOf = new Map<string, string[]>();
  const routes = [...ROUTES, { handler: DEFAULT_ROUTE_HANDLER, public: true, body: undefined, query: undefined, validateBody: false as const, access: {} }];
  for (const route of routes) {
    const body = route.body && route.validateBody !== false ? validatorName(route.body, route.handler) : null;
    const query = (route.query === undefined ? [] : Array.isArray(route.query) ? route.query : [route.query]).map((q) => validatorName(q, route.handler));
    const { groups, fields } = adaptersOf(route);
    const contract = `{ handler: '${route.handler}', public: ${route.public}, body: ${body ?? 'undefined'}, query: [${query.join(', ')}], adapters: ${fields.length ? `{ ${fields.join(', ')} }` : '{}'} }`;
    const previous = contracts.get(route.handler);
    if (previous !== undefined && previous !== contract) throw new Error(`${route.handler}: its routes declare different contracts`);
    contracts.set(route.handler, contract);
    validatorsOf.set(route.handler, [...new Set([...(body ? [body] : []), ...query])].sort());
    groupsOf.set(route.handler, groups);
  }
  const files: GeneratedFiles = new Map();
  for (const [handler, contract] of contracts) {
    const names = validatorsOf.get(handler)!;
    const groups = groupsOf.get(handler)!;
    files.set(
      `routes/${handler.replace(/^api\//, '')}.ts`,
      [
        `// Generated by scripts/compile-validators.ts from functions/routes.ts: do not edit (\`npm run validators\` rewrites it).`,
        `import type { RouteContract } from '../../../functions/http/contract.js';`,
        ...(names.length ? [`import { ${names.join(', ')} } from '../validators.js';`] : []),
        ...(groups.length ? [`import { ${groups.join(', ')} } from '../../../functions/stores/factories.js';`] : []),
        '',
        `/** The contract of ${handler}'s route${routes.filter((r) => r.handler === handler).length > 1 ? 's' : ''} in functions/routes.ts. */`,
        `export const contract = ${contract} as const satisfies RouteContract;`,
        '',
      ].join('\n'),
    );
  }
  return files;
}

/**
 * The adapter factories (functions/stores/factories.ts) a route's Lambda builds its ports with,
 * from its `access` (the same declaration the stack derives the function's IAM grants from): the
 * groups of the stores and queue it declares; the users and tokens a protected route authenticates
 * with; the write leases a belief write takes (entity table); the readiness check where the route
 * reaches every store the check pings. `groups`: the modules' exports to import; `fields`: the
 * object's members, in a fixed order.
 */
function adaptersOf(route: Pick<Route, 'public' | 'access'>): { groups: string[]; fields: string[] } {
  const { entities, beliefs, jobs, queue } = route.access;
  const fields: string[] = [];
  if (entities) fields.push('...entityAdapters');
  else {
    if (!route.public) fields.push('users: entityAdapters.users', 'tokens: entityAdapters.tokens');
    if (beliefs === 'write') fields.push('leases: entityAdapters.leases');
  }
  if (beliefs) fields.push('...beliefAdapters');
  if (jobs) fields.push('...jobAdapters');
  if (queue) fields.push('...queueAdapters');
  if (entities && beliefs && queue) fields.push('...readinessAdapters');
  const groups = [...new Set(fields.map((f) => /(\w+Adapters)/.exec(f)![1]!))].sort();
  return { groups, fields };
}

/** The generated files below OUTPUT_DIR, as paths relative to it. */
function generatedOnDisk(dir = OUTPUT_DIR, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? generatedOnDisk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** The generated files that differ from what is on disk (missing ones included), and stray ones. */
export async function staleFiles(): Promise<{ changed: GeneratedFiles; stray: string[] }> {
  const files = await compileValidators();
  const changed: GeneratedFiles = new Map();
  for (const [file, code] of files) {
    const path = join(OUTPUT_DIR, file);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== code) changed.set(file, code);
  }
  const stray = generatedOnDisk().filter((f) => !files.has(f));
  return { changed, stray };
}

async function main(): Promise<void> {
  const { changed, stray } = await staleFiles();
  if (process.argv.includes('--check')) {
    if (changed.size === 0 && stray.length === 0) return;
    console.error(`schemas/generated is stale (${[...changed.keys(), ...stray].join(', ')}): run npm run validators`);
    process.exit(1);
  }
  mkdirSync(join(OUTPUT_DIR, 'routes'), { recursive: true });
  for (const [file, code] of changed) writeFileSync(join(OUTPUT_DIR, file), code);
  for (const file of stray) rmSync(join(OUTPUT_DIR, file));
  if (changed.size || stray.length) console.error(`schemas/generated: wrote ${[...changed.keys()].join(', ') || 'nothing'}${stray.length ? `, removed ${stray.join(', ')}` : ''}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
