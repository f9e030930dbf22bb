/** Headless Chromium for the browser tests (Debian's chromium, driven through playwright-core). */
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The context's page, watched: a request to anything but `origin` or a URL of one of `schemes`
 * (e.g. `data:`) is refused and recorded in `foreign`; console errors and uncaught page errors (a
 * CSP violation is one) are recorded in `problems`.
 */
export async function watchedPage(context: BrowserContext, origin: string, schemes: readonly string[], foreign: string[], problems: string[]): Promise<Page> {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || schemes.some((scheme) => url.startsWith(scheme))) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  return page;
}
