// Vitest for the suite that needs system packages (`npm run test:system`): Debian's Chromium (real server, real
// browser, test/browser/), a Java runtime (the Nu Html Checker) and Debian's EPUBCheck (test/system/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts', 'test/system/**/*.test.ts'],
    // Each browser file starts its own server and browser; one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
    // Generous: these wait for conditions, never for time, but a loaded machine can be slow to start Chromium.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 20_000 } },
  },
});
