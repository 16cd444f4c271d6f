// Vitest for `npm test`: everything under test/ that runs on Node alone; the suite that needs Chromium, Java or
// EPUBCheck (test/browser/, test/system/) has its own config. Timeouts are generous, because several tests start
// real processes on a shared 2-core machine.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/browser/**', 'test/system/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
