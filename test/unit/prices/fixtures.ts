/** Loads the composed ENTSO-E documents under test/fixtures/entsoe. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../fixtures/entsoe/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(`${DIR}${name}`, 'utf8');
}

/** UTC epoch ms of an ISO 8601 datetime (test shorthand). */
export const at = (iso: string): number => Date.parse(iso);

export const NL_EIC = '10YNL----------L';
export const DE_LU_EIC = '10Y1001A1001A82H';
