import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Real Chromium against `kinerja serve`. `npm run test:browser` builds first; these tests build nothing.
export default defineConfig({
  test: {
    name: 'browser',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    environment: 'node',
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // One server and one browser at a time: the machines have two cores.
    fileParallelism: false,
  },
});
