// Vitest for the browser suite (`npm run test:browser`): real server, real Chromium, one file at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    // Each file starts its own server and browser; one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
    // Generous: these wait for conditions, never for time, but a loaded machine can be slow to start Chromium.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 20_000 } },
  },
});
