import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { openWorkstation } from './browser.ts';
import { removeDir, startServe, type ServeProcess } from './serve-process.ts';

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

export interface WorkstationSession {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  /** Errors the page logged; a test ends by expecting none. */
  pageErrors: string[];
}

/**
 * For one test file: `quorum serve` with `args` and the workstation open in headless Chromium before
 * its tests; after them the browser closes, the server must stop cleanly (exit 0) and its data
 * directory goes.
 */
export function useWorkstation(args: string[] = []): WorkstationSession {
  const session = { pageErrors: [] as string[] } as WorkstationSession;
  beforeAll(async () => {
    session.serve = await startServe(args);
    ({ browser: session.browser, page: session.page } = await openWorkstation(session.serve.url, (m) => session.pageErrors.push(m)));
  });
  afterAll(async () => {
    await session.browser?.close();
    expect(await session.serve.stop()).toBe(0);
    removeDir(session.serve.dataDir);
  });
  return session;
}
