/**
 * The docs page in a real browser: Debian's chromium (installed by scripts/ensure-chromium.sh when
 * missing), driven headless through playwright-core against the local runtime on 127.0.0.1. The
 * page must render Swagger UI with an entry for every operation of the route table, load nothing
 * from any other origin, and log no errors (a CSP violation would be one). A full-page screenshot
 * is left in test-artifacts/ (gitignored) for people to look at.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { documentedMethods, openApiPath } from '../../functions/openapi/document.js';
import { ROUTES } from '../../functions/routes.js';
import { runtime, useRuntime } from '../helpers/runtime.js';
import { CHROMIUM, CHROMIUM_FLAGS, watchedPage } from '../helpers/browser.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');

useRuntime();
let profile: string;
let context: BrowserContext;
let page: Page;
const foreign: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  // Installs Debian's chromium with apt-get when it is missing (a no-op otherwise).
  execFileSync('sh', [join(ROOT, 'scripts', 'ensure-chromium.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 });
  profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  // An empty profile directory: playwright passes it as --user-data-dir.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  // Nothing may leave 127.0.0.1: requests to any other origin are recorded and refused.
  page = await watchedPage(context, new URL(runtime().url).origin, ['data:'], foreign, problems);
  await page.goto(`${runtime().url}/api/v3_0/docs`, { waitUntil: 'load' });
  await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
}, 16 * 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('the docs page in headless Chromium', () => {
  it('shows the API title and version', async () => {
    await expect(page.locator('.info .title').innerText()).resolves.toContain('FlexMeasures API');
    await expect(page.locator('.info .title').innerText()).resolves.toContain('3.0-20');
  });

  it('lists an operation for every method of every route in the route table', async () => {
    const shown = await page.$$eval('.opblock', (blocks) =>
      blocks.map((b) => ({
        method: b.querySelector('.opblock-summary-method')?.textContent?.trim().toLowerCase(),
        path: b.querySelector('.opblock-summary-path')?.getAttribute('data-path'),
      })),
    );
    const expected = ROUTES.flatMap((r) => documentedMethods(r).map((method) => ({ method, path: openApiPath(r.path) })));
    expect(shown.length).toBe(expected.length);
    for (const op of expected) expect(shown).toContainEqual(op);
  });

  it('shows the summaries and groups operations under their tags', async () => {
    const summaries = await page.$$eval('.opblock-summary-description', (els) => els.map((e) => e.textContent?.trim()));
    for (const r of ROUTES.filter((x) => x.description)) expect(summaries).toContain(r.description);
    const tags = await page.$$eval('.opblock-tag', (els) => els.map((e) => e.getAttribute('data-tag')));
    expect(tags).toEqual(expect.arrayContaining(['Service', 'Documentation', 'Authentication', 'Accounts', 'Users', 'Sunset']));
  });

  it('offers to authorize with the token in the Authorization header', async () => {
    await page.locator('.auth-wrapper .authorize').click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await expect(dialog.innerText()).resolves.toContain('ApiToken');
    await expect(dialog.innerText()).resolves.toContain('Authorization');
    await page.locator('.dialog-ux .close-modal').click();
  });

  it('loads everything from this origin and logs no errors', () => {
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('leaves a full-page screenshot in test-artifacts/', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'docs-page.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });
});
