import { defineConfig } from 'vitest/config';

// Two projects: `unit` (fast, in-process plus real child processes where the process boundary is
// the thing under test) and `e2e` (the built app under `quorum serve`, driven in headless Chromium).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        // The renderer's panels in happy-dom with Testing Library; only lightweight-charts is mocked.
        test: {
          name: 'components',
          include: ['src/renderer/**/*.test.tsx'],
          environment: 'happy-dom',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
