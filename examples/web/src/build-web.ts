import { cp, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** Folder the example is built into (git-ignored): the page, its scripts and styles. */
export const WEB_DIST_DIR = here('../dist/');

/** Folder of ONNX Runtime Web's WASM files, which the server exposes at `/ort/`. */
export const ORT_WASM_DIR = repo('node_modules/onnxruntime-web/dist/');

/**
 * Bundles the demo page (`demo.js`) and the browser test harness (`harness.js`) with esbuild into
 * {@link WEB_DIST_DIR}, together with the static HTML and CSS. The workspace packages are bundled from
 * source; `vitest` is replaced by the harness's small browser runner.
 */
export async function buildWebExample(outDir: string = WEB_DIST_DIR): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { demo: here('page/demo.ts'), harness: here('page/harness.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    logLevel: 'error',
    alias: {
      '@sow/core': repo('packages/core/src/index.ts'),
      '@sow/onnx-graph': repo('packages/onnx-graph/src/index.ts'),
      '@sow/backend-ort-web': repo('packages/backend-ort-web/src/index.ts'),
      vitest: here('page/mini-vitest.ts'),
    },
  });
  await cp(here('../static/'), outDir, { recursive: true });
  return outDir;
}
