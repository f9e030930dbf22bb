/**
 * Listing assets (docs/contract/api.md §7.6): search terms split shell-style, every term matching the asset
 * name or its account's name (case-insensitive substring), and Flask-SQLAlchemy-style pages.
 */

/** A search string that cannot be split; `message` is Python shlex's text. */
export class SearchTermsError extends Error {
  override readonly name = 'SearchTermsError';
}

/**
 * Python's `shlex.split(text)` (POSIX mode): whitespace separates words; `'…'` is literal; inside
 * `"…"` a backslash escapes `"` and `\`; outside quotes a backslash escapes any character;
 * adjacent parts join (`a"b c"` → `ab c`). Unbalanced quotes → "No closing quotation"; a trailing
 * backslash → "No escaped character".
 */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < text.length && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i];
      else if (ch === '\\' && i + 1 >= text.length) throw new SearchTermsError('No closing quotation');
      else word += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) throw new SearchTermsError('No escaped character');
      word += text[++i];
      inWord = true;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new SearchTermsError('No closing quotation');
  if (inWord) words.push(word);
  return words;
}

/**
 * Whether every term occurs (case-insensitively) in the asset name or in the owning account's
 * name; public assets (no account name) match on their name only.
 */
export function matchesSearchTerms(terms: readonly string[], assetName: string, accountName: string | null): boolean {
  const name = assetName.toLowerCase();
  const account = accountName?.toLowerCase() ?? null;
  return terms.every((term) => {
    const t = term.toLowerCase();
    return name.includes(t) || (account !== null && account.includes(t));
  });
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * One page (1-based) of `per_page` items. Null when the page lies beyond the last one — except
 * page 1, which always exists (possibly empty), as Flask-SQLAlchemy's pagination has it.
 */
export function pageOf<T>(items: readonly T[], page: number, perPage: number): Page<T> | null {
  const start = (page - 1) * perPage;
  if (page > 1 && start >= items.length) return null;
  return { items: items.slice(start, start + perPage), total: items.length };
}
