import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtNodeBackend, decodeImage, openModelFolder } from '@sow/backend-ort-node';
import {
  type Backend,
  createCowPipeline,
  createTxt2ImgPipeline,
  loadStableDiffusion,
  type RgbImage,
  type StableDiffusionModels,
} from '@sow/core';
import { ensureTestModels, TEST_MODELS_CACHE_DIR, testModelDir } from '@sow/test-kit';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebExample, ORT_WASM_DIR } from './build-web.js';
import type { DemoState } from './page/demo.js';
import type { HarnessDevice, SowHarness } from './page/harness.js';
import { startWebServer, type WebServer } from './serve-web.js';
import { writeWebFixtures } from './write-web-fixtures.js';

// Runs the web backend in Debian's Chromium (headless, WebGPU through SwiftShader) against the example
// server on 127.0.0.1: the shared backend conformance cases, txt2img and COW on the generated models,
// compared with the Node CPU backend on the same seed, and the demo page end to end.

const ENSURE_CHROMIUM = fileURLToPath(new URL('../../../scripts/ensure-chromium.sh', import.meta.url));
const WASM: HarnessDevice = { device: 'wasm' };
const WEBGPU: HarnessDevice = { device: 'webgpu' };

let tmp = '';
let server: WebServer;
let context: BrowserContext;
let harness: Page;
let node: Backend;
let nodeModels: StableDiffusionModels;
const pageErrors: string[] = [];

/** Calls one `window.sowHarness` method in the page and returns its plain-data result. */
function call<K extends keyof SowHarness>(
  method: K,
  ...args: Parameters<SowHarness[K]>
): Promise<Awaited<ReturnType<SowHarness[K]>>> {
  return harness.evaluate(
    ([m, a]) => {
      const h = (globalThis as unknown as { sowHarness: Record<string, (...x: unknown[]) => unknown> })
        .sowHarness;
      return h[m as string]!(...(a as unknown[]));
    },
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<SowHarness[K]>>>;
}

beforeAll(async () => {
  execFileSync('sh', [ENSURE_CHROMIUM], { stdio: 'inherit' });
  ensureTestModels(['optimum']);
  tmp = await mkdtemp(join(tmpdir(), 'sow-web-'));
  const [dist, fixtures] = await Promise.all([
    buildWebExample(join(tmp, 'dist')),
    writeWebFixtures(join(tmp, 'fixtures')),
  ]);
  server = await startWebServer({
    roots: {
      '/': dist,
      '/ort/': ORT_WASM_DIR,
      '/test-models/': TEST_MODELS_CACHE_DIR,
      '/fixtures/': fixtures,
    },
  });
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--enable-unsafe-webgpu',
      '--use-webgpu-adapter=swiftshader',
    ],
    viewport: { width: 1000, height: 900 },
    deviceScaleFactor: 1,
  });
  harness = await context.newPage();
  harness.on('pageerror', (error) => pageErrors.push(String(error)));
  await harness.goto(`${server.url}harness.html`);
  await harness.waitForSelector('body[data-ready="true"]');
  node = await createOrtNodeBackend({ device: 'cpu' });
  nodeModels = await loadStableDiffusion({ backend: node, folder: openModelFolder(testModelDir('optimum')) });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await node?.dispose();
  if (tmp !== '') await rm(tmp, { recursive: true, force: true });
});

/** Largest absolute difference between two equally long number lists. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

// Tolerances against the Node CPU backend on the same seed: WASM and native CPU kernels differ in float
// summation order, and SwiftShader's WebGPU shaders more so. Latents are compared in UNet scale (unit
// variance), pixels in 8-bit levels (one level is a rounding flip). Measured on the generated models:
// WASM 5.7e-5 (txt2img) and 6.3e-5 (COW), WebGPU/SwiftShader 1.3e-4, pixels 1 level; the bounds keep
// about a 10x margin.
const TOLERANCE = {
  wasm: { latents: 5e-4, pixels: 2 },
  webgpu: { latents: 2e-3, pixels: 2 },
} as const;

const TXT2IMG = {
  prompt: 'a photo of a cat',
  negativePrompt: 'blurry',
  seed: 7,
  steps: 6,
  width: 64,
  height: 64,
};

/** Groups of the conformance suite that load the identity or cast models, which declare float16 tensors. */
const FLOAT16_GROUPS = /> (metadata|dtype round trips|bad feeds) >/;

describe.each([
  ['wasm', WASM],
  ['webgpu (SwiftShader)', WEBGPU],
])('ort-web %s in Chromium', (_label, device) => {
  it('passes the backend conformance cases', async () => {
    const { gpu } = await call('capabilities', device);
    const results = await call('conformance', device, `${server.url}fixtures/`);
    const failures = results.filter((r) => !r.ok);
    // Without shader-f16 (SwiftShader has none) the backend refuses float16 models with WebGpuFeatureError
    // instead of letting ONNX Runtime compute zeros: exactly the cases on the float16 test models fail so.
    const expected =
      gpu !== undefined && !gpu.shaderF16 ? results.filter((r) => FLOAT16_GROUPS.test(r.name)) : [];
    expect(failures.map((r) => r.name)).toEqual(expected.map((r) => r.name));
    for (const r of failures) expect(r.error).toMatch(/WebGpuFeatureError: .*shader-f16/);
    expect(results.length - failures.length).toBeGreaterThanOrEqual(15);
    expect(pageErrors).toEqual([]);
  });

  it('runs txt2img on the generated optimum models like the Node CPU backend on the same seed', async () => {
    const reference = await createTxt2ImgPipeline(nodeModels).generate(TXT2IMG);
    const web = await call('txt2img', device, `${server.url}test-models/optimum/`, TXT2IMG);
    const tolerance = TOLERANCE[device.device as 'wasm' | 'webgpu'];
    expect(web.device).toBe(device.device);
    expect(web.unetCalls).toBe(reference.unetCalls);
    expect(maxAbsDiff(web.latents, reference.latents.data)).toBeLessThanOrEqual(tolerance.latents);
    expect(maxAbsDiff(web.pixels, reference.image.data)).toBeLessThanOrEqual(tolerance.pixels);
    // Not a constant image: the comparison above would pass trivially on two blank outputs.
    expect(new Set(web.pixels).size).toBeGreaterThan(16);
  });
});

// COW makes 21 UNet calls per run: under WASM only, since WebGPU through SwiftShader (a CPU emulation of a
// GPU) takes over a minute for it, against 20 s for the 6 UNet calls of the txt2img case above.
const COW = {
  prompt: 'a photo of a person attending a formal event',
  preset: 'reference',
  box: { x: 32, y: 0, width: 64, height: 64 },
  config: { canvasWidth: 128, canvasHeight: 128, cycles: 2 },
  seed: 42,
} as const;

/** An 80x80 RGB card: a bright disc on a dark ground. */
const CARD = {
  width: 80,
  height: 80,
  channels: 3 as const,
  data: Array.from({ length: 80 * 80 * 3 }, (_, i) => {
    const p = Math.floor(i / 3);
    const d = Math.hypot((p % 80) - 40, Math.floor(p / 80) - 40);
    return d < 25 ? ([230, 180, 150][i % 3] ?? 0) : 30;
  }),
};

describe('COW in Chromium (wasm)', () => {
  it('matches the Node CPU backend on the same seed', async () => {
    const reference = await createCowPipeline(nodeModels).generate({
      ...COW,
      image: { ...CARD, data: Uint8Array.from(CARD.data) },
    });
    const web = await call('cow', WASM, `${server.url}test-models/optimum/`, { ...COW, image: CARD });
    expect(web.unetCalls).toBe(reference.unetCalls);
    expect([web.width, web.height]).toEqual([128, 128]);
    expect(maxAbsDiff(web.latents, reference.latents.data)).toBeLessThanOrEqual(TOLERANCE.wasm.latents);
    expect(maxAbsDiff(web.pixels, reference.image.data)).toBeLessThanOrEqual(TOLERANCE.wasm.pixels);
  });
});

/** Largest per-channel difference between an RGB(A) image and RGB pixel values of the same size. */
function maxRgbDiff(image: RgbImage, rgb: readonly number[]): number {
  expect(rgb.length).toBe(image.width * image.height * 3);
  let worst = 0;
  for (let p = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < 3; c++)
      worst = Math.max(worst, Math.abs(image.data[p * image.channels + c]! - rgb[p * 3 + c]!));
  }
  return worst;
}

/** Fills the demo form, clicks Generate and waits for the run to end; returns the page's state. */
async function runDemo(page: Page, fields: Record<string, string>): Promise<DemoState> {
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  for (const [id, text] of Object.entries(fields)) {
    if (id === 'device' || id === 'mode') await page.selectOption(`#${id}`, text);
    else await page.fill(`#${id}`, text);
  }
  await page.click('#generate');
  await page.waitForFunction(
    () => ['done', 'error'].includes((globalThis as unknown as { sowDemo: DemoState }).sowDemo.state),
    undefined,
    { timeout: 120_000 },
  );
  return page.evaluate(() => (globalThis as unknown as { sowDemo: DemoState }).sowDemo);
}

/** Checks that the screenshot of the result canvas shows exactly the image the page reported. */
async function expectCanvasShows(page: Page, result: NonNullable<DemoState['result']>): Promise<void> {
  const shot = decodeImage(new Uint8Array(await page.locator('#result').screenshot()));
  expect([shot.width, shot.height]).toEqual([result.width, result.height]);
  expect(maxRgbDiff(shot, result.pixels)).toBeLessThanOrEqual(1);
  expect(new Set(result.pixels).size).toBeGreaterThan(16);
}

describe('the demo page', () => {
  it('runs txt2img from the form with progress and previews, matching Node, and draws the result', async () => {
    const page = await context.newPage();
    const demo = await runDemo(page, {
      'model-url': '/test-models/optimum/',
      device: 'wasm',
      mode: 'txt2img',
      prompt: TXT2IMG.prompt,
      'negative-prompt': TXT2IMG.negativePrompt,
      seed: String(TXT2IMG.seed),
      steps: String(TXT2IMG.steps),
      size: String(TXT2IMG.width),
    });
    expect(demo.error).toBeUndefined();
    expect(demo).toMatchObject({ state: 'done', previews: TXT2IMG.steps, completed: demo.total });
    expect(await page.locator('#previews canvas').count()).toBe(TXT2IMG.steps);
    expect(await page.locator('#progress').evaluate((bar: HTMLProgressElement) => bar.value / bar.max)).toBe(
      1,
    );
    const reference = await createTxt2ImgPipeline(nodeModels).generate(TXT2IMG);
    expect(maxAbsDiff(demo.result!.pixels, reference.image.data)).toBeLessThanOrEqual(TOLERANCE.wasm.pixels);
    await expectCanvasShows(page, demo.result!);
    await page.close();
  });

  it('runs COW with its default test card and draws the result', async () => {
    const page = await context.newPage();
    const demo = await runDemo(page, {
      'model-url': '/test-models/optimum/',
      device: 'webgpu',
      mode: 'cow',
      size: '128',
    });
    expect(demo.error).toBeUndefined();
    expect(demo.result).toMatchObject({ width: 128, height: 128, device: 'wasm' });
    expect(demo.previews).toBeGreaterThan(0);
    await expectCanvasShows(page, demo.result!);
    await page.close();
  });
});
