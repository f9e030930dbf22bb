/** How the console function picks the precompressed copy to send. */
import { describe, it, expect } from '@jest/globals';
import { chooseEncoding } from '../../../functions/http/console-files.js';

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.0, gzip;q=0', 'identity'],
    ['GZIP;q=0.5', 'gzip'],
    ['', 'identity'],
    ['identity', 'identity'],
  ])('%j → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});
