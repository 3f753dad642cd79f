import { defineConfig } from 'vitest/config';

// Unit and integration tests: core and shared under Node, renderer components under jsdom.
// Browser tests (real Chromium against `kinerja serve`) have their own config in test/browser.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/browser/**', 'node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['renderer/test-setup.ts'],
        },
      },
    ],
  },
});
