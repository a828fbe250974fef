import { configDefaults, defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

/**
 * The checks of the packed public packages (`npm run test:packages`, after `npm run build`): the main
 * config (its workspace aliases serve the reference runs) with only these files.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['scripts/package-checks/**/*.test.ts'],
    exclude: configDefaults.exclude,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
