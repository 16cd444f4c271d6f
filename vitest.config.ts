// vitest settings: generous timeouts, because several tests start real processes on a shared 2-core machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
