/**
 * The web console's files as the console function serves them. The build (scripts/build-console.ts)
 * writes them, with gzip and brotli copies, to console-dist/; in Lambda the stack copies that folder
 * next to the bundle as `console/`. Files are read on first request and kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The build's output folder (repository root) and its folder name inside a Lambda bundle. */
export const CONSOLE_DIST = 'console-dist';
export const BUNDLED_CONSOLE_DIR = 'console';
export const CONSOLE_MANIFEST = 'manifest.json';

export interface ConsoleManifest {
  /** The page (not fingerprinted; always revalidated). */
  page: string;
  /** The fingerprinted files the page loads. */
  files: string[];
}

/** Content security policy of the console: everything from this origin, no inline or evaluated script. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Vega's SVG renderer and tooltips set style attributes; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

export type Encoding = 'br' | 'gzip' | 'identity';

export interface ConsoleFile {
  contentType: string;
  /** Whether the name carries a content hash (then it may be cached for good). */
  fingerprinted: boolean;
  body(encoding: Encoding): Buffer;
}

function findDir(): string | null {
  const bundled = fileURLToPath(new URL(`./${BUNDLED_CONSOLE_DIR}/`, import.meta.url));
  if (existsSync(join(bundled, CONSOLE_MANIFEST))) return bundled;
  const local = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', CONSOLE_DIST);
  return existsSync(join(local, CONSOLE_MANIFEST)) ? local : null;
}

let cache: { dir: string; manifest: ConsoleManifest; files: Map<string, ConsoleFile> } | null = null;

function load(): typeof cache {
  if (cache) return cache;
  const dir = findDir();
  if (!dir) return null;
  const manifest = JSON.parse(readFileSync(join(dir, CONSOLE_MANIFEST), 'utf8')) as ConsoleManifest;
  cache = { dir, manifest, files: new Map() };
  return cache;
}

/** The console file `name` (`index.html` or a fingerprinted file), or null when there is none (or no build). */
export function consoleFile(name: string): ConsoleFile | null {
  const c = load();
  if (!c || (name !== c.manifest.page && !c.manifest.files.includes(name))) return null;
  const known = c.files.get(name);
  if (known) return known;
  const bodies = new Map<Encoding, Buffer>();
  const read = (encoding: Encoding) => {
    const suffix = encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : '';
    let body = bodies.get(encoding);
    if (!body) bodies.set(encoding, (body = readFileSync(join(c.dir, name + suffix))));
    return body;
  };
  const file: ConsoleFile = {
    contentType: TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
    fingerprinted: name !== c.manifest.page,
    body: read,
  };
  c.files.set(name, file);
  return file;
}

/** The encoding to send for an Accept-Encoding header: brotli, then gzip, then none (q=0 refuses). */
export function chooseEncoding(acceptEncoding: string): Encoding {
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, ...params]) => !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)))
      .map(([coding]) => coding!.trim()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}
