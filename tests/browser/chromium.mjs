// Debian's headless Chromium for the browser tests, driven by playwright-core.
import { chromium } from 'playwright-core';

// `args`: more switches (e.g. a fake camera).
export function launchChromium(args = []) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args],
  });
}

// A page in a context of its own, collecting every script error and CSP violation in
// `problems` (error pages answer 4xx on purpose, so failed loads are not problems).
export async function watchedPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, problems };
}
