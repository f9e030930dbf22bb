/**
 * The web console: its bundle sizes (raw, and as sent: brotli / gzip, precompressed at build time)
 * and its cold first load on 127.0.0.1 in headless Chromium with an empty profile — until the
 * sign-in form shows, then from signing in until the demo battery's chart is drawn. Figures only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { CONSOLE_DIST, CONSOLE_MANIFEST, type ConsoleManifest } from '../functions/http/console-files.js';

const ROOT = join(import.meta.dirname, '..');
const dist = join(ROOT, CONSOLE_DIST);
if (!existsSync(join(dist, CONSOLE_MANIFEST))) throw new Error('run `npm run console` first');
const manifest = JSON.parse(readFileSync(join(dist, CONSOLE_MANIFEST), 'utf8')) as ConsoleManifest;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

console.log('console bundle (raw / brotli / gzip):');
let total = [0, 0, 0];
for (const f of [manifest.page, ...manifest.files]) {
  const sizes = ['', '.br', '.gz'].map((s) => statSync(join(dist, f + s)).size);
  total = total.map((t, i) => t + sizes[i]!);
  console.log(`  ${f.padEnd(28)} ${sizes.map(kb).join(' / ')}`);
}
console.log(`  ${'total'.padEnd(28)} ${total.map(kb).join(' / ')}`);

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log('first load: skipped (no Chromium; scripts/ensure-chromium.sh installs it)');
  process.exit(0);
}

process.env.SEED_ADMIN_EMAIL = 'bench-admin@example.org';
process.env.SEED_ADMIN_PASSWORD = 'bench-password-123';
process.env.SCRYPT_LOG_N ??= '4';
const { startRuntime } = await import('../local/runtime.js');
const runtime = await startRuntime({ port: 0, dataDir: null, seed: true });
const profile = mkdtempSync(join(tmpdir(), 'console-bench-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  let t0 = performance.now();
  await page.goto(`${runtime.url}/console#/login`);
  await page.waitForSelector('form input[type=email]');
  const firstLoad = performance.now() - t0;
  const sent = await page.evaluate('performance.getEntriesByType("resource").reduce((s, e) => s + e.transferSize, 0) + performance.getEntriesByType("navigation")[0].transferSize');
  await page.fill('input[type=email]', process.env.SEED_ADMIN_EMAIL);
  await page.fill('input[type=password]', process.env.SEED_ADMIN_PASSWORD);
  t0 = performance.now();
  await page.click('button[type=submit]');
  await page.waitForSelector('main h1:text("Accounts")');
  await page.click('a:text("Demo Account")');
  await page.click('a:text("Demo battery")');
  await page.waitForSelector('#asset-chart svg.marks');
  const toChart = performance.now() - t0;
  console.log(`first load (cold cache, 127.0.0.1): sign-in form after ${firstLoad.toFixed(0)} ms, ${kb(Number(sent))} transferred`);
  console.log(`sign in → accounts → assets → demo battery chart drawn: ${toChart.toFixed(0)} ms`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await runtime.close();
}
