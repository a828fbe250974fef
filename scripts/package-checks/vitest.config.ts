import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The checks of the packed public packages (`npm run test:packages`, after `npm run build`). */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['scripts/package-checks/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
