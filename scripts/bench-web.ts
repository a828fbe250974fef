// Per-UNet-call time of the web backend in Chromium (WASM, and WebGPU on SwiftShader) against the Node
// CPU backend, on the same generated test model (optimum variant) and the same inputs: guided calls
// (batch 2), one warm-up call, then the mean of --calls calls, at each --latent size.
//   npx tsx scripts/bench-web.ts                      (latents 8 and 32, 5 calls)
//   npx tsx scripts/bench-web.ts --latent 16 --calls 10
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createOrtNodeBackend, openModelFolder } from '@sow/backend-ort-node';
import { loadStableDiffusion } from '@sow/core';
import { ensureTestModels, TEST_MODELS_CACHE_DIR, testModelDir } from '@sow/test-kit';
import { buildWebExample, ORT_WASM_DIR } from '../examples/web/src/build-web.js';
import { launchChromium } from '../examples/web/src/launch-chromium.js';
import type { SowHarness } from '../examples/web/src/page/harness.js';
import { timeUNetCalls } from '../examples/web/src/page/time-unet-calls.js';
import { startWebServer } from '../examples/web/src/serve-web.js';

/** One row of the web benchmark: mean ms per guided UNet call on each backend, and the ratios to Node. */
export interface WebBenchRow {
  /** Latent side (image side / 8). */
  readonly latent: number;
  /** Node CPU (onnxruntime-node), ms per call. */
  readonly nodeCpuMs: number;
  /** Chromium WASM (onnxruntime-web, 1 thread), ms per call. */
  readonly wasmMs: number;
  /** Chromium WebGPU on SwiftShader, ms per call. */
  readonly webgpuMs: number;
  /** wasmMs / nodeCpuMs. */
  readonly wasmRatio: number;
  /** webgpuMs / nodeCpuMs. */
  readonly webgpuRatio: number;
}

/**
 * Measures the per-UNet-call ratios browser-WASM / Node-CPU and browser-WebGPU(SwiftShader) / Node-CPU
 * on the generated optimum test model. Needs Chromium (installed by `scripts/ensure-test-deps.sh`).
 */
export async function benchWeb(latents: readonly number[], calls: number): Promise<WebBenchRow[]> {
  ensureTestModels(['optimum']);
  const tmp = await mkdtemp(join(tmpdir(), 'sow-bench-web-'));
  const dist = await buildWebExample(join(tmp, 'dist'));
  const server = await startWebServer({
    roots: { '/': dist, '/ort/': ORT_WASM_DIR, '/test-models/': TEST_MODELS_CACHE_DIR },
  });
  const context = await launchChromium(join(tmp, 'profile'));
  const node = await createOrtNodeBackend({ device: 'cpu' });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}harness.html`);
    await page.waitForSelector('body[data-ready="true"]');
    const models = await loadStableDiffusion({
      backend: node,
      folder: openModelFolder(testModelDir('optimum')),
    });
    const inBrowser = (device: 'wasm' | 'webgpu', latent: number) =>
      page.evaluate(
        ([d, url, size, n]) =>
          (globalThis as unknown as { sowHarness: SowHarness }).sowHarness.timeUNet(
            { device: d },
            url,
            size,
            n,
          ),
        [device, `${server.url}test-models/optimum/`, latent, calls] as const,
      );
    const rows: WebBenchRow[] = [];
    for (const latent of latents) {
      const nodeCpuMs = (await timeUNetCalls(models, latent, calls)).msPerCall;
      const wasmMs = (await inBrowser('wasm', latent)).msPerCall;
      const webgpuMs = (await inBrowser('webgpu', latent)).msPerCall;
      rows.push({
        latent,
        nodeCpuMs,
        wasmMs,
        webgpuMs,
        wasmRatio: wasmMs / nodeCpuMs,
        webgpuRatio: webgpuMs / nodeCpuMs,
      });
    }
    return rows;
  } finally {
    await context.close();
    await server.close();
    await node.dispose();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Renders the rows as a plain-text table. */
export function formatWebBench(rows: readonly WebBenchRow[]): string {
  const lines = ['latent  node-cpu ms  wasm ms  webgpu(swiftshader) ms  wasm/node  webgpu/node'];
  for (const r of rows) {
    lines.push(
      [
        `${r.latent}x${r.latent}`.padEnd(7),
        r.nodeCpuMs.toFixed(2).padStart(11),
        r.wasmMs.toFixed(2).padStart(8),
        r.webgpuMs.toFixed(2).padStart(23),
        r.wasmRatio.toFixed(2).padStart(10),
        r.webgpuRatio.toFixed(2).padStart(12),
      ].join(' '),
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { latent: { type: 'string', default: '8,32' }, calls: { type: 'string', default: '5' } },
  });
  const rows = await benchWeb(values.latent.split(',').map(Number), Math.max(1, Number(values.calls)));
  process.stdout.write(
    `UNet call time, browser vs Node (optimum test model, guided batch 2)\n${formatWebBench(rows)}\n`,
  );
}
