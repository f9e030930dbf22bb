/**
 * Finds citations in source, test and served texts that point nowhere in the repository:
 * - a document (`docs/….md`, or any other `….md` name) that does not exist;
 * - a section (the section sign and a number) that is not a heading of the document cited before it
 *   on the same line; a section with no document before it on its line counts as pointing nowhere;
 * - a decision, cited by its four-digit record number, without a record in docs/decisions/ (an old
 *   one- or two-digit decision number counts as pointing nowhere);
 * - a quirk number that is not an item of the section cited before it on the line.
 * Sections of external standards (an RFC number before them) are left alone.
 *
 * The section sign is written as \u00a7 in this file so that the file does not cite anything itself.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export interface BadCitation {
  file: string;
  line: number;
  citation: string;
  problem: string;
}

const SKIP_DIRS = new Set(['node_modules', 'generated', 'cdk.out', 'cdk.out.dynamodb', '.data', 'coverage', 'test-artifacts', '.scratch']);
const EXTENSIONS = /\.(ts|tsx|mts|cts|js|mjs|cjs|json|md|html|css|txt|ya?ml|sh)$/;
export const CITING_DIRS = ['functions', 'lib', 'local', 'schemas', 'scripts', 'test', 'bench'];
/** The one-off rewriter names the notes the code used to cite, which is its job; it cites nothing. */
const EXEMPT = new Set(['scripts/rewrite-citations.mjs']);

// Not inside a URL or a longer path (nothing path-like right before it).
const DOC = String.raw`(?<![\w:/.-])((?:\.{1,2}\/)*[\w./-]*[\w-]\.md)(?![\w-])`;
const RFC = String.raw`(RFC\s?\d+)`;
const SECTION = String.raw`\u00a7\s?(\d+(?:\.\d+)*)`;
const DECISION = String.raw`\b([Dd]ecisions?)\s+(\d+(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)\d+(?![\d.]))*)(?![\d.])`;
const QUIRK = String.raw`\b[Qq]uirks?\s+(\d+)\b`;
const RECORD_PATH = String.raw`docs\/decisions\/(\d{4})\b`;
const TOKEN = new RegExp(`${RECORD_PATH}|${DOC}|${RFC}|${SECTION}|${DECISION}|${QUIRK}`, 'g');

/** A document's sections: heading number → the text under it (up to the next heading of any level). */
function sectionsOf(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  const heads = [...text.matchAll(/^#{1,6}\s+\u00a7?(\d+(?:\.\d+)*)\.?\s.*$/gm)];
  heads.forEach((m, i) => {
    const end = i + 1 < heads.length ? heads[i + 1]!.index : text.length;
    sections.set(m[1]!, text.slice(m.index + m[0].length, end));
  });
  return sections;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : walk(path);
    return EXTENSIONS.test(entry.name) ? [path] : [];
  });
}

/** Checks every text file under `dirs` of the repository at `root`. */
export function badCitations(root: string, dirs: readonly string[] = CITING_DIRS): BadCitation[] {
  const docCache = new Map<string, Map<string, string> | null>();
  const records = new Set(
    existsSync(join(root, 'docs', 'decisions'))
      ? readdirSync(join(root, 'docs', 'decisions')).flatMap((name) => /^(\d{4})-.+\.md$/.exec(name)?.[1] ?? [])
      : [],
  );

  /** The document a `.md` name resolves to (from the repository root, the citing file's folder or docs/), or null. */
  function resolveDoc(name: string, file: string): string | null {
    const candidates = [join(root, name), join(root, dirname(file), name), join(root, 'docs', name)];
    return candidates.find((path) => existsSync(path)) ?? null;
  }
  function sections(path: string): Map<string, string> {
    if (!docCache.has(path)) docCache.set(path, sectionsOf(readFileSync(path, 'utf8')));
    return docCache.get(path)!;
  }

  const found: BadCitation[] = [];
  for (const path of dirs.flatMap((d) => walk(join(root, d)))) {
    const file = relative(root, path).split(sep).join('/');
    if (EXEMPT.has(file)) continue;
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((text, index) => {
      const bad = (citation: string, problem: string) => found.push({ file, line: index + 1, citation, problem });
      // What a section on this line refers to: a document's path, 'external', or nothing yet.
      let doc: string | 'external' | null = null;
      let section: string | null = null;
      for (const m of text.matchAll(TOKEN)) {
        const [whole, recordPath, docName, rfc, sectionNumber, decisionWord, decisionNumbers, quirk] = m;
        if (recordPath) {
          if (!records.has(recordPath)) bad(whole, `no decision record ${recordPath} in docs/decisions`);
        } else if (docName) {
          doc = resolveDoc(docName, file);
          section = null;
          if (!doc) bad(whole, 'no such document in the repository');
        } else if (rfc) {
          doc = 'external';
        } else if (sectionNumber) {
          section = sectionNumber;
          if (doc === 'external') continue;
          if (doc === null) {
            if (!text.slice(0, m.index).match(/\.md\b/)) bad(whole, 'a section without a document before it on the line');
            continue;
          }
          if (!sections(doc).has(sectionNumber)) bad(whole, `no section ${sectionNumber} in ${relative(root, doc)}`);
        } else if (decisionWord) {
          for (const n of decisionNumbers!.match(/\d+/g)!) {
            if (!/^\d{4}$/.test(n)) bad(`${decisionWord} ${n}`, 'a decision is cited by its four-digit record number');
            else if (!records.has(n)) bad(`${decisionWord} ${n}`, `no decision record ${n} in docs/decisions`);
          }
        } else if (quirk) {
          const under = doc && doc !== 'external' && section ? sections(doc).get(section) : undefined;
          if (under === undefined) bad(whole, 'a quirk without a document section before it on the line');
          else if (!new RegExp(`^\\s*${quirk}\\.\\s`, 'm').test(under)) bad(whole, `no item ${quirk} in that section`);
        }
      }
    });
  }
  return found;
}
