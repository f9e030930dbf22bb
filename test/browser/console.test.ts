/**
 * The web console in a real browser, on a fresh `npm start` (local/server.ts in a child process with
 * an empty data directory): Debian's chromium driven headless through playwright-core. It signs in
 * as the seeded admin, opens the demo battery, its power sensor, and the schedule view, triggers a
 * schedule and waits for the aligned power / state-of-charge / price picture. Assertions are on
 * rendered marks, never on pixels. Nothing may be requested from another origin and no error (a
 * CSP violation would be one) may be logged. Screenshots go to test-artifacts/console/ (git-ignored).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CONSOLE_DIST, CONSOLE_MANIFEST } from '../../functions/http/console-files.js';
import { buildConsole } from '../../scripts/build-console.js';
import { CHROMIUM, CHROMIUM_FLAGS, watchedPage } from '../helpers/browser.js';
import { startLocalServer, stopLocalServer } from '../helpers/local-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');
const EMAIL = 'console-test-admin@example.org';
const PASSWORD = 'console-test-password-1';

const dataDir = mkdtempSync(join(tmpdir(), 'fm-console-'));
let server: ChildProcess | undefined;
let base = '';
let profile: string;
let context: BrowserContext;
let page: Page;
const foreign: string[] = [];
const problems: string[] = [];

/** Starts `npm start`'s server with the test admin seeded; resolves with the console's URL. */
async function startServer(): Promise<string> {
  const started = await startLocalServer(dataDir, { SEED_ADMIN_EMAIL: EMAIL, SEED_ADMIN_PASSWORD: PASSWORD }, 60_000);
  server = started.child;
  return /Web console: (http:\/\/127\.0\.0\.1:\d+\/console)/.exec(started.output)![1]!;
}

beforeAll(async () => {
  execFileSync('sh', [join(ROOT, 'scripts', 'ensure-chromium.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 });
  if (!existsSync(join(ROOT, CONSOLE_DIST, CONSOLE_MANIFEST))) await buildConsole();
  mkdirSync(ARTIFACTS, { recursive: true });
  base = await startServer();
  profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1100, height: 900 }, timezoneId: 'UTC' });
  page = await watchedPage(context, new URL(base).origin, ['data:', 'blob:'], foreign, problems);
}, 16 * 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await stopLocalServer(server);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Number of rendered SVG items of a named Vega-Lite view's marks (`<name>_marks`). */
const markCount = (p: Page, chart: string, name: string) =>
  p.$$eval(`${chart} svg g.${name}_marks path, ${chart} svg g.${name}_marks line, ${chart} svg g.${name}_marks > g`, (els) => els.length);

describe('the console in headless Chromium', () => {
  it('sends an unknown user back to sign-in and signs in with e-mail and password', async () => {
    await page.goto(`${base}#/assets`, { waitUntil: 'load' });
    await page.waitForSelector('form input[type=email]');
    expect(page.url()).toContain('#/login');
    await page.fill('input[type=email]', EMAIL);
    await page.fill('input[type=password]', 'wrong password');
    await page.click('button[type=submit]');
    await page.waitForSelector('form .error:not(:empty)');
    await page.fill('input[type=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('main h1:text("Assets")');
    // The token lives in sessionStorage, never in a cookie.
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual(['fm-console-token']);
  }, 60_000);

  it('opens the demo battery: its chart, date presets in the URL, properties and audit log', async () => {
    await page.click('a:text("Demo battery")');
    await page.waitForSelector('#asset-chart svg');
    await page.click('button[data-preset="next-2-days"]');
    await page.waitForFunction("location.hash.includes('preset=next-2-days')");
    await page.waitForSelector('button[data-preset="next-2-days"][aria-pressed="true"]');
    await page.waitForSelector('#asset-chart svg');
    await expect(page.locator('main').innerText()).resolves.toMatch(/Times are shown in UTC/);
    await expect(page.locator('main').innerText()).resolves.toMatch(/sensors keep time in Europe\/Amsterdam/);
    await expect(page.locator('main table').first().innerText()).resolves.toContain('Demo battery power');
    // One row per sensors_to_show entry: the battery's power sensor by default, titled with its unit.
    await expect(page.locator('#asset-chart svg.marks').innerHTML()).resolves.toContain('Demo battery power (MW)');
  }, 60_000);

  it('opens the power sensor: chart, statistics and the CSV forms', async () => {
    await page.click('a:text("Demo battery power")');
    await page.waitForSelector('main h1:text-is("Demo battery power")');
    await page.waitForSelector('#sensor-chart svg');
    await expect(page.locator('main').innerText()).resolves.toMatch(/Statistics per source/);
    await expect(page.locator('form input[type=file]').count()).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'sensor-page.png'), fullPage: false });
  }, 60_000);

  it('triggers a schedule from the schedule view and draws power, state of charge and prices', async () => {
    await page.click('a:text("Schedule this device…")');
    await page.waitForSelector('#schedule-form');
    await page.click('#schedule-form button[type=submit]');
    await page.waitForSelector('#schedule-status.ok', { timeout: 60_000 });
    await page.waitForSelector('#schedule-chart svg g.power_marks path');
    expect(await markCount(page, '#schedule-chart', 'power')).toBeGreaterThan(0);
    expect(await markCount(page, '#schedule-chart', 'soc_line')).toBeGreaterThan(0);
    expect(await markCount(page, '#schedule-chart', 'soc_limits')).toBe(2);
    expect(await markCount(page, '#schedule-chart', 'prices')).toBeGreaterThan(0);
    await expect(page.locator('main').innerText()).resolves.toMatch(/Expected cost/);
    await page.screenshot({ path: join(ARTIFACTS, 'schedule-view.png'), fullPage: true });
  }, 120_000);

  /** Follows `link` to the page titled `title`, picks the next two days, and waits for `marks` drawn on its chart. */
  async function nextTwoDaysOf(link: string, title: string, marks: string): Promise<void> {
    await page.click(link);
    await page.waitForSelector(`main h1:text-is("${title}")`);
    await page.click('button[data-preset="next-2-days"]');
    await page.waitForSelector('button[data-preset="next-2-days"][aria-pressed="true"]');
    await page.waitForSelector(marks);
    expect(await page.$$eval(marks, (els) => els.length)).toBeGreaterThan(0);
  }

  it('shows the new schedule on the asset chart', async () => {
    await nextTwoDaysOf('.breadcrumb a:text("Demo battery")', 'Demo battery', '#asset-chart svg g.mark-line.role-mark path');
    await page.screenshot({ path: join(ARTIFACTS, 'asset-page.png'), fullPage: false });
  }, 60_000);

  it("shows the schedule on the sensor page, with the scheduler's statistics", async () => {
    await nextTwoDaysOf('main a:text("Demo battery power")', 'Demo battery power', '#sensor-chart svg g.mark-rect.role-mark path');
    await page.waitForSelector('main table th:text("Count")');
    await page.screenshot({ path: join(ARTIFACTS, 'sensor-page.png'), fullPage: false });
  }, 60_000);

  it('uploads a CSV from the sensor page, showing the API\'s messages in place', async () => {
    const day = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 3));
    const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000).toISOString().replace('.000Z', '+00:00');
    const csv = join(profile, 'upload.csv');
    writeFileSync(csv, `datetime,value\n${at(0)},1.0\n${at(15)},1.5\n${at(30)},0.5\n`);
    await page.setInputFiles('form input[type=file]', csv);
    await page.fill('form input[name=unit]', 'kg');
    await page.click('form button:text("Upload")');
    // The API's own 422 text, in place.
    await page.waitForSelector('form p.error:not(:empty)');
    await expect(page.locator('form p.error').innerText()).resolves.toMatch(/unit/i);
    await page.fill('form input[name=unit]', 'MW');
    await page.click('form button:text("Upload")');
    await page.waitForSelector('form p.ok:text("Request has been processed.")');
    await expect(page.locator('form p.ok').innerText()).resolves.toContain('3 values');
  }, 60_000);

  it('writes sensors_to_show from the picker: the price gets its own row', async () => {
    await page.click('.breadcrumb a:text("Asset")');
    await page.waitForSelector('main h1:text-is("Demo battery")');
    await page.waitForSelector('#asset-chart svg.marks');
    await page.click('#sensor-picker summary');
    await page.check('#sensor-picker label:has-text("consumption price") input');
    await page.click('#sensor-picker button:text("Save")');
    await page.waitForSelector('#asset-chart svg g.concat_1_group');
    expect(await page.$$eval('#asset-chart svg.marks > g g[class*="concat_"][class*="_group"]', (els) => els.length)).toBe(2);
    await expect(page.locator('main table').last().innerText()).resolves.toMatch(/sensors_to_show/);
  }, 60_000);

  it('fits a 375 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await page.waitForSelector('main h1:text-is("Demo battery")');
    await page.waitForSelector('#asset-chart svg.marks');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1100, height: 900 });
  }, 60_000);

  it('made no request to another origin and logged no error', () => {
    expect(foreign).toEqual([]);
    // Chromium logs the answers the flow expects: 401 before sign-in, 400 (UNKNOWN_SCHEDULE) while the
    // schedule is computed, 422 for the upload with a wrong unit.
    expect(problems.filter((p) => !/Failed to load resource: the server responded with a status of (400|401|422)/.test(p))).toEqual([]);
  });
});
