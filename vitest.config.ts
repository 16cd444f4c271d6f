// Vitest for `npm test`: everything under test/ except the browser suite, which has its own config.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/browser/**'],
  },
});
