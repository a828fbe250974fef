// Per-UNet-call time of the web backend in Chromium against the Node CPU backend, on the same generated test
// model (optimum variant) and inputs: guided calls (batch 2) at each --latent size, WASM with 1 thread and
// with one thread per core (the page is served cross-origin isolated, COOP/COEP, so WASM threads are
// allowed; SIMD is checked), and WebGPU on SwiftShader. Browser and Node calls alternate in pairs
// (scripts/paired-bench.ts: median browser/Node ratio with min-max and a bootstrap interval), Node with the
// same thread count as the browser. Each browser call is split into time inside session.run and time in our
// code around it (input checks, conversions, copies), to show where the time goes.
//   npx tsx scripts/bench-web.ts                      (latents 8 and 32, 5 pairs)
//   npx tsx scripts/bench-web.ts --latent 16 --pairs 10
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createOrtNodeBackend, openModelFolder } from '@sow/backend-ort-node';
import { loadStableDiffusion } from '@sow/core';
import { ensureTestModels, TEST_MODELS_CACHE_DIR, testModelDir } from '@sow/test-kit';
import type { Page } from 'playwright-core';
import { buildWebExample, ORT_WASM_DIR } from '../examples/web/src/build-web.js';
import { launchChromium } from '../examples/web/src/launch-chromium.js';
import type { HarnessDevice, SowHarness } from '../examples/web/src/page/harness.js';
import { createUNetCallTimer, type UNetCallTime } from '../examples/web/src/page/time-unet-calls.js';
import { withRunTimer } from '../examples/web/src/page/with-run-timer.js';
import { startWebServer } from '../examples/web/src/serve-web.js';
import { formatRatio, median, pairedRatio, type RatioSummary } from './paired-bench.js';

/** One row of the web benchmark: a browser configuration at one latent size against Node CPU. */
export interface WebBenchRow {
  /** Latent side (image side / 8). */
  readonly latent: number;
  /** Browser device. */
  readonly device: 'wasm' | 'webgpu';
  /** WASM threads in the browser, and intra-op threads of the Node session. */
  readonly threads: number;
  /** Node CPU (onnxruntime-node), median ms per call. */
  readonly nodeMs: number;
  /** Browser, median ms per call. */
  readonly browserMs: number;
  /** Browser, median ms per call inside session.run (the rest is our code around it). */
  readonly browserRunMs: number;
  /** Paired browser/Node ratio. */
  readonly ratio: RatioSummary;
}

/** What the benchmark page ran with. */
export interface WebBenchEnvironment {
  /** `crossOriginIsolated` of the page (needed for WASM threads). */
  readonly crossOriginIsolated: boolean;
  /** `navigator.hardwareConcurrency`. */
  readonly cores: number;
  /** Whether the browser validates a WASM SIMD module. */
  readonly simd: boolean;
  /** ONNX Runtime WASM files the page loaded. */
  readonly wasmFiles: string[];
}

type Harness = { sowHarness: SowHarness };

/**
 * Measures the paired per-UNet-call ratios browser/Node-CPU on the generated optimum test model for WASM at
 * 1 and `cores` threads and WebGPU (SwiftShader). Needs Chromium (installed by `scripts/ensure-test-deps.sh`).
 */
export async function benchWeb(
  latents: readonly number[],
  pairs: number,
  cores = availableParallelism(),
): Promise<{ environment: WebBenchEnvironment; rows: WebBenchRow[] }> {
  ensureTestModels(['optimum']);
  const tmp = await mkdtemp(join(tmpdir(), 'sow-bench-web-'));
  const dist = await buildWebExample(join(tmp, 'dist'));
  const server = await startWebServer({
    roots: { '/': dist, '/ort/': ORT_WASM_DIR, '/test-models/': TEST_MODELS_CACHE_DIR },
  });
  const context = await launchChromium(join(tmp, 'profile'));
  const modelUrl = `${server.url}test-models/optimum/`;
  const configs: { device: 'wasm' | 'webgpu'; numThreads?: number; threads: number }[] = [
    { device: 'wasm', numThreads: 1, threads: 1 },
    { device: 'wasm', numThreads: cores, threads: cores },
    { device: 'webgpu', threads: cores },
  ];
  const rows: WebBenchRow[] = [];
  let environment: WebBenchEnvironment | undefined;
  try {
    for (const config of configs) {
      // A fresh page per configuration: ONNX Runtime Web keeps the thread count of its first session.
      const page: Page = await context.newPage();
      await page.goto(`${server.url}harness.html`);
      await page.waitForSelector('body[data-ready="true"]');
      let nodeRun = 0;
      const node = withRunTimer(
        await createOrtNodeBackend({
          device: 'cpu',
          intraOpNumThreads: config.threads,
          interOpNumThreads: 1,
        }),
        (ms) => {
          nodeRun += ms;
        },
      );
      const models = await loadStableDiffusion({
        backend: node,
        folder: openModelFolder(testModelDir('optimum')),
      });
      for (const latent of latents) {
        const device: HarnessDevice = {
          device: config.device,
          ...(config.numThreads && { numThreads: config.numThreads }),
        };
        await page.evaluate(
          ([d, url, size]) => (globalThis as unknown as Harness).sowHarness.openUNetTimer(d, url, size),
          [device, modelUrl, latent] as const,
        );
        environment ??= await page.evaluate(() =>
          (globalThis as unknown as Harness).sowHarness.environment(),
        );
        const nodeTimer = await createUNetCallTimer(models, latent, () => nodeRun);
        const browserCalls: UNetCallTime[] = [];
        const result = await pairedRatio(
          async () => (await nodeTimer.call()).ms,
          async () => {
            const t = await page.evaluate(() => (globalThis as unknown as Harness).sowHarness.timeUNetCall());
            browserCalls.push(t);
            return t.ms;
          },
          { pairs, seed: `web/${config.device}/${config.threads}/${latent}` },
        );
        await page.evaluate(() => (globalThis as unknown as Harness).sowHarness.closeUNetTimer());
        rows.push({
          latent,
          device: config.device,
          threads: config.threads,
          nodeMs: result.aMedian,
          browserMs: result.bMedian,
          browserRunMs: median(browserCalls.slice(-pairs).map((t) => t.runMs)),
          ratio: result.ratio,
        });
      }
      await models.dispose();
      await node.dispose();
      await page.close();
    }
    return { environment: environment as WebBenchEnvironment, rows };
  } finally {
    await context.close();
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Renders the environment line and the rows as a plain-text table. */
export function formatWebBench(environment: WebBenchEnvironment, rows: readonly WebBenchRow[]): string {
  const lines = [
    `page: crossOriginIsolated ${environment.crossOriginIsolated}, ${environment.cores} cores, WASM SIMD ${environment.simd ? 'on' : 'off'} (${environment.wasmFiles.join(', ') || 'no .wasm loaded'})`,
    'latent  browser               threads  node ms  browser ms  (in session.run)  browser/node (paired)',
  ];
  for (const r of rows) {
    const name = r.device === 'webgpu' ? 'webgpu (swiftshader)' : 'wasm';
    lines.push(
      [
        `${r.latent}x${r.latent}`.padEnd(7),
        name.padEnd(21),
        String(r.threads).padStart(7),
        r.nodeMs.toFixed(1).padStart(8),
        r.browserMs.toFixed(1).padStart(11),
        `(${r.browserRunMs.toFixed(1)})`.padStart(17),
        ` ${formatRatio(r.ratio, 2)}`,
      ].join(' '),
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { latent: { type: 'string', default: '8,32' }, pairs: { type: 'string', default: '5' } },
  });
  const { environment, rows } = await benchWeb(
    values.latent.split(',').map(Number),
    Math.max(5, Number(values.pairs)),
  );
  process.stdout.write(
    `\nUNet call time, browser vs Node CPU (optimum test model, guided batch 2)\n${formatWebBench(environment, rows)}\n`,
  );
}
