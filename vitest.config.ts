import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@sow/core': src('core'),
      '@sow/backend-ort-node': src('backend-ort-node'),
      '@sow/backend-ort-web': src('backend-ort-web'),
      '@sow/test-kit': src('test-kit'),
      '@sow/mllm-gemini': src('mllm-gemini'),
      '@sow/mllm-openai': src('mllm-openai'),
      '@sow/onnx-graph': src('onnx-graph'),
      '@sow/queue': src('queue'),
      '@sow/eval': src('eval'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Checks of the packed packages need the build: `npm run test:packages` runs them after it.
    exclude: [...configDefaults.exclude, 'scripts/package-checks/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
