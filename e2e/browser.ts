import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this machine needs; a 1600×1000 page on `url`. */
export async function openWorkstation(url: string, onError: (message: string) => void): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env['QUORUM_CHROMIUM'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (e) => onError(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') onError(m.text());
  });
  await page.goto(url);
  return { browser, page };
}
