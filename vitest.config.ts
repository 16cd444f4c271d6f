// Vitest for `npm test`: everything under test/ except the browser suite (its own config), with generous
// timeouts, because several tests start real processes on a shared 2-core machine.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
