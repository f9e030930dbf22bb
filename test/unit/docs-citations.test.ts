/**
 * Every comment and served text (OpenAPI descriptions, error messages) that cites a document, a
 * section or a decision cites one that exists in this repository, so that whoever clones it can
 * follow the citation. The planted citations below are assembled at run time (the section sign as
 * \u00a7) so that this file itself cites nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { badCitations } from '../helpers/citations.js';

const ROOT = join(import.meta.dirname, '..', '..');
const S = '\u00a7';
// Spelled in pieces so that neither this file nor scripts/rewrite-citations.mjs reads them as citations.
const MD = '.' + 'md';
const DECISION = 'deci' + 'sion';
const QUIRK = 'qu' + 'irk';
const DECISIONS_DIR = 'docs/' + 'decisions/';

describe('citations in the repository', () => {
  it('all resolve: documents exist, sections are headings of the cited document, decisions have records', () => {
    const bad = badCitations(ROOT).map((b) => `${b.file}:${b.line} ${b.citation} — ${b.problem}`);
    expect(bad).toEqual([]);
  });
});

describe('the citation check', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'citations-'));
    mkdirSync(join(root, 'docs', 'contract'), { recursive: true });
    mkdirSync(join(root, 'docs', 'decisions'), { recursive: true });
    mkdirSync(join(root, 'functions'), { recursive: true });
    writeFileSync(
      join(root, 'docs', 'contract', `api${MD}`),
      ['# API', '', '## 3. Errors', '', '### 3.1 Validation', 'text', '', '## 10. Quirks', '', '### 10.1 List', '1. one', '2. two', ''].join('\n'),
    );
    writeFileSync(join(root, 'docs', 'decisions', `0013-resolution${MD}`), '# 0013\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function check(source: string): string[] {
    writeFileSync(join(root, 'functions', 'planted.ts'), source);
    return badCitations(root, ['functions']).map((b) => b.citation);
  }

  it('accepts citations that resolve, and external standards', () => {
    expect(
      check(
        [
          `/** 422 (docs/contract/api${MD} ${S}3.1, ${S}3). */`,
          `// the grid step (${DECISION} 0013); see ${DECISIONS_DIR}0013 and docs/contract/api${MD} ${S}10.1 ${QUIRK} 2`,
          `// headers may repeat (RFC 9110 ${S}5.3)`,
          `// the record itself: ${DECISIONS_DIR}0013-resolution${MD}; upstream: https://github.com/FlexMeasures/flexmeasures/blob/main/README${MD}`,
          `export const description = 'the resolution the values are laid on (${DECISION} 0013)';`,
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('fails on a document that is not in the repository', () => {
    expect(check(`// see notes/old-api${MD} ${S}3.1`)).toEqual([`notes/old-api${MD}`]);
  });

  it('fails on a section that is not a heading of the cited document', () => {
    expect(check(`// docs/contract/api${MD} ${S}7.3 and ${S}3.1`)).toEqual([`${S}7.3`]);
  });

  it('fails on a bare section with no document before it', () => {
    expect(check(`/** 422 in the ${S}3.1 shape */`)).toEqual([`${S}3.1`]);
  });

  it('fails on a decision without a record, or cited by its old short number, also in served texts', () => {
    expect(check(`const d = { description: 'laid on the grid (${DECISION} 13; ${DECISION}s 0013 and 0014)' };`)).toEqual([
      `${DECISION} 13`,
      `${DECISION}s 0014`,
    ]);
    expect(check(`// ${DECISIONS_DIR}0099 says so`)).toEqual([`${DECISIONS_DIR}0099`]);
  });

  it('fails on a quirk that is not an item of the cited section, or cited on its own', () => {
    expect(check(`// docs/contract/api${MD} ${S}10.1 ${QUIRK} 7`)).toEqual([`${QUIRK} 7`]);
    expect(check(`// FlexMeasures did this (${QUIRK} 2)`)).toEqual([`${QUIRK} 2`]);
  });
});
