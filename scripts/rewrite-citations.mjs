#!/usr/bin/env node
/**
 * One-off: rewrites the citations in comments and served texts so that each one names a document,
 * a section or a decision record that exists in this repository (docs/).
 *
 *   node scripts/rewrite-citations.mjs [--dry-run] [--verbose]
 *
 * It works by pattern, not by a list of files, so it can run on code it has never seen (for example
 * after other branches are merged). Running it twice changes nothing the second time.
 *
 * What it rewrites (in functions, lib, local, schemas, scripts, test, bench):
 * - the names of the notes the code was first written against (`api-v3.md`, `beliefs.md`,
 *   `storage-scheduler.md`, `process-scheduler.md`, `aws.md`, `toolchain.md`, `charts-ui.md`,
 *   `clients.md`, with or without a `reference/` prefix) → the matching file under docs/contract/;
 * - a bare "§N" that follows no document on its line → "docs/contract/<doc>.md §N", the document
 *   picked from the line before (a citation split over two comment lines), else from the file's
 *   place (scheduling and flex code: the storage scheduling notes; everything else: the API notes),
 *   else from whichever contract document has that section heading;
 * - "decision N" / "decisions N, M and K" → the four-digit record numbers of docs/decisions/: the
 *   API decisions keep their number (0001–0019), the storage scheduler's decisions are 0020 + N,
 *   the process scheduler's 0030 + N. Which list a number belongs to is read from the document
 *   cited earlier on the line, else from the file's place (scheduling and flex code, numbers ≤ 8),
 *   else (the one case the API list cannot mean) `scheduler_info` with decision 8;
 * - "quirk N" → "docs/contract/api.md §10.1 quirk N".
 * Citations of external standards ("RFC 9110 §5.3") are left alone.
 */
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DIRS = ['functions', 'lib', 'local', 'schemas', 'scripts', 'test', 'bench'];
const SKIP_DIRS = new Set(['node_modules', 'generated', 'cdk.out', 'cdk.out.dynamodb', '.data', 'coverage', 'test-artifacts', '.scratch']);
const EXTENSIONS = /\.(ts|tsx|mts|cts|js|mjs|cjs|json|md|html|css|txt|ya?ml|sh)$/;
const SELF = join('scripts', 'rewrite-citations.mjs');

const dryRun = process.argv.includes('--dry-run');
const verbose = process.argv.includes('--verbose');

/** Old note name → the document in this repository. */
const DOCS = {
  'api-v3': 'docs/contract/api.md',
  beliefs: 'docs/contract/beliefs-model.md',
  'storage-scheduler': 'docs/contract/storage-scheduling.md',
  'process-scheduler': 'docs/contract/process-scheduling.md',
  aws: 'docs/contract/aws-services.md',
  toolchain: 'docs/contract/toolchain-notes.md',
  'charts-ui': 'docs/contract/charts.md',
  clients: 'docs/contract/clients.md',
};
const API = DOCS['api-v3'];
const STORAGE = DOCS['storage-scheduler'];
const PROCESS = DOCS['process-scheduler'];
/** Order in which a bare section number is looked up when the default document lacks it. */
const LOOKUP_ORDER = [API, STORAGE, DOCS.beliefs, PROCESS, DOCS.aws, DOCS.toolchain, DOCS['charts-ui'], DOCS.clients];

/** Files whose bare sections and low decision numbers belong to the storage scheduling notes. */
const STORAGE_PLACES = /(^|\/)(functions\/core\/(scheduling|flex)|test\/unit\/(scheduling|flex))\/|(^|\/)test\/integration\/schedules\/scenarios\./;

// `reference/api-v3.md`, api-v3.md, api-v3 (that one is unambiguous without .md); other names need .md.
const OLD_DOC = String.raw`(?:(?:\.\.\/)*(?:shared\/)?reference\/)?(?:(api-v3)(?:\.md)?|(beliefs|storage-scheduler|process-scheduler|charts-ui|clients|aws|toolchain)\.md)(?![\w-])`;
const NEW_DOC = String.raw`(docs\/[\w./-]+\.md)`;
const RFC = String.raw`(RFC\s?\d+)`;
const SECTION = String.raw`§\s?(\d+(?:\.\d+)*)`;
const DECISION = String.raw`\b([Dd]ecisions?)\s+(\d{1,4}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)\d{1,4}(?![\d.]))*)(?![\d.])`;
const QUIRK = String.raw`\b([Qq]uirks?)\s+(\d{1,3})\b`;
const TOKEN = new RegExp(`${NEW_DOC}|${OLD_DOC}|${RFC}|${SECTION}|${DECISION}|${QUIRK}`, 'g');
const OLD_DOC_AT_LINE_END = new RegExp(`(\\S)[ \\t]*(\\(?\\\`?${OLD_DOC}\\\`?)[ \\t]*\\n([ \\t]*(?:\\*|\\/\\/|#)?[ \\t]*)(?=§)`, 'g');

/** Section numbers present as headings ("## 7.3 …", "### 2. …") per document. */
function headings(doc) {
  const path = join(ROOT, doc);
  if (!existsSync(path)) return new Set();
  const found = new Set();
  for (const m of readFileSync(path, 'utf8').matchAll(/^#{1,6}\s+§?(\d+(?:\.\d+)*)\.?\s/gm)) found.add(m[1]);
  return found;
}
const HEADINGS = new Map(LOOKUP_ORDER.map((doc) => [doc, headings(doc)]));

function docForBareSection(number, file) {
  const preferred = STORAGE_PLACES.test(file) ? STORAGE : API;
  if (HEADINGS.get(preferred)?.has(number)) return preferred;
  return LOOKUP_ORDER.find((doc) => HEADINGS.get(doc)?.has(number)) ?? preferred;
}

function decisionRecord(n, lineDoc, line, file) {
  if (lineDoc === STORAGE) return 20 + n;
  if (lineDoc === PROCESS) return 30 + n;
  if (lineDoc === API) return n;
  if (n === 8 && /scheduler_info/.test(line)) return 28;
  if (STORAGE_PLACES.test(file) && n <= 8) return 20 + n;
  return n;
}

const pad = (n) => String(n).padStart(4, '0');

function rewriteLine(line, file) {
  let lineDoc = null; // the last document cited so far on this line
  return line.replace(TOKEN, (match, newDoc, apiName, otherName, rfc, section, decisionWord, decisionNumbers, quirkWord, quirkNumber, offset) => {
    if (newDoc) {
      lineDoc = newDoc;
      return match;
    }
    if (apiName || otherName) {
      const doc = DOCS[apiName ?? otherName];
      lineDoc = doc;
      return doc;
    }
    if (rfc) {
      lineDoc = 'external';
      return match;
    }
    if (section) {
      if (lineDoc === 'external') return match;
      if (lineDoc && (HEADINGS.get(lineDoc)?.size === 0 || HEADINGS.get(lineDoc)?.has(section))) return match; // continues the document cited before it
      if (lineDoc && !HEADINGS.has(lineDoc)) return match;
      const doc = docForBareSection(section, file);
      lineDoc = doc;
      return `${doc} §${section}`;
    }
    if (decisionWord) {
      const rewritten = decisionNumbers.replace(/\d+/g, (d) =>
        d.length === 4 ? d : pad(decisionRecord(Number(d), lineDoc === 'external' ? null : lineDoc, line, file)),
      );
      return `${decisionWord} ${rewritten}`;
    }
    if (quirkWord) {
      const before = line.slice(0, offset);
      if (/§10\.1[ ,]*$/.test(before) && lineDoc === API) return match;
      lineDoc = API;
      return `${API} §10.1 ${quirkWord} ${quirkNumber}`;
    }
    return match;
  });
}

export function rewrite(text, file) {
  // A document named at the end of one comment line whose section starts the next line: move the
  // name down, so that the section and its document stand on one line.
  const joined = text.replace(OLD_DOC_AT_LINE_END, (_m, before, doc, _a, _o, indent) => `${before}\n${indent}${doc} `);
  return joined
    .split('\n')
    .map((line) => rewriteLine(line, file))
    .join('\n');
}

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : files(path);
    return EXTENSIONS.test(entry.name) ? [path] : [];
  });
}

function main() {
  let changedFiles = 0;
  let changedLines = 0;
  for (const path of DIRS.flatMap((d) => files(join(ROOT, d)))) {
    const file = relative(ROOT, path).split(sep).join('/');
    if (file === SELF) continue;
    const before = readFileSync(path, 'utf8');
    const after = rewrite(before, file);
    if (after === before) continue;
    changedFiles += 1;
    const a = before.split('\n');
    const b = after.split('\n');
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i += 1) {
      if (a[i] === b[i]) continue;
      changedLines += 1;
      if (verbose || dryRun) console.log(`${file}:${i + 1}\n  - ${a[i]?.trim()}\n  + ${b[i]?.trim()}`);
    }
    if (!dryRun) writeFileSync(path, after);
  }
  console.log(`${dryRun ? 'would change' : 'changed'} ${changedLines} lines in ${changedFiles} files`);
}

if (process.argv[1] && relative(process.argv[1], join(ROOT, SELF)) === '') main();
