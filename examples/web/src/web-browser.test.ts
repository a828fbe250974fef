import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrtNodeBackend, openModelFolder } from '@sow/backend-ort-node';
import {
  type Backend,
  createCowPipeline,
  createModulatedUNet,
  createSowPipeline,
  createTxt2ImgPipeline,
  loadStableDiffusion,
  type StableDiffusionModels,
} from '@sow/core';
import { patchSelfAttentionBytes } from '@sow/onnx-graph';
import {
  ensureTestModels,
  readRepoFiles,
  startFakeHub,
  TEST_MODELS_CACHE_DIR,
  testModelDir,
} from '@sow/test-kit';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCanvasShows, maxAbsDiff, openPage, runDemo } from './browser-test-helpers.js';
import { buildWebExample, ORT_WASM_DIR } from './build-web.js';
import { launchChromium } from './launch-chromium.js';
import type { HarnessDevice, SowHarness } from './page/harness.js';
import { startWebServer, type WebServer } from './serve-web.js';
import { writeWebFixtures } from './write-web-fixtures.js';

// Runs the web backend in Debian's Chromium (headless, WebGPU through SwiftShader) against the example
// server on 127.0.0.1: the shared backend conformance cases, txt2img, COW and SOW on the generated models,
// compared with the Node CPU backend on the same seed, and the demo page end to end. The first run on a
// fresh machine may install Chromium (scripts/ensure-test-deps.sh), hence the long setup timeout.

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
  ensureTestModels(['optimum', 'diffusers']);
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
  context = await launchChromium(join(tmp, 'profile'));
  harness = await context.newPage();
  harness.on('pageerror', (error) => pageErrors.push(String(error)));
  await harness.goto(`${server.url}harness.html`);
  await harness.waitForSelector('body[data-ready="true"]');
  node = await createOrtNodeBackend({ device: 'cpu' });
  nodeModels = await loadStableDiffusion({ backend: node, folder: openModelFolder(testModelDir('optimum')) });
}, 600_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  await node?.dispose();
  if (tmp !== '') await rm(tmp, { recursive: true, force: true });
});

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

describe('device selection in Chromium', () => {
  it("gives 'auto' the WebGPU adapter when there is one, with its limits, and 'wasm' no GPU", async () => {
    const auto = await call('capabilities', { device: 'auto' });
    expect(auto.device).toBe('webgpu');
    expect(auto.gpu?.maxBufferSize).toBeGreaterThanOrEqual(2 ** 28);
    expect(auto.gpu?.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(2 ** 27);
    expect(await call('capabilities', WASM)).toEqual({ device: 'wasm' });
  });
});

describe("noise 'torch-cpu' in Chromium", () => {
  it('gives txt2img the same PyTorch-generator noise as Node (initial latents and eta draws)', async () => {
    const options = { ...TXT2IMG, noise: 'torch-cpu', eta: 0.5, steps: 3 } as const;
    const reference = await createTxt2ImgPipeline(nodeModels).generate(options);
    const web = await call('txt2img', WASM, `${server.url}test-models/optimum/`, options);
    expect(maxAbsDiff(web.latents, reference.latents.data)).toBeLessThanOrEqual(TOLERANCE.wasm.latents);
    const philox = await createTxt2ImgPipeline(nodeModels).generate({ ...options, noise: 'philox' });
    expect(maxAbsDiff(web.latents, philox.latents.data)).toBeGreaterThan(10 * TOLERANCE.wasm.latents);
  }, 120_000);
});

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
  }, 180_000); // WebGPU on SwiftShader takes ~15 s alone on 2 cores; leave room for a busy CI machine.
});

// COW on a 128 px canvas with 2 cycles (21 UNet calls) under WASM; under WebGPU through SwiftShader (a CPU
// emulation of a GPU) that run takes about 45 s, so WebGPU gets the smallest plan instead: a 64 px canvas,
// 1 cycle, 19 UNet calls at an 8x8 latent, about 25 s.
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

describe('images from strangers in Chromium', () => {
  it('refuses the crafted 30000×30000 PNG and JPEG from their headers, and decodes a small one', async () => {
    for (const name of ['bomb.png', 'bomb.jpg']) {
      const result = await call('decodeImageUrl', `${server.url}fixtures/images/${name}`);
      expect(result.error).toMatch(
        /^InvalidArgumentError INVALID_ARGUMENT: decodeImageFile: bytes must be an image of at most 67108864 pixels/,
      );
      expect(result.error).toContain('30000×30000');
    }
    expect(await call('decodeImageUrl', `${server.url}fixtures/images/small.jpg`)).toMatchObject({
      width: 48,
    });
  });
});

describe('COW in Chromium', () => {
  it('matches the Node CPU backend on the same seed under WASM', async () => {
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

  it('matches the Node CPU backend on the same seed under WebGPU (smallest plan)', async () => {
    const small = {
      ...COW,
      box: { x: 16, y: 0, width: 32, height: 32 },
      config: { canvasWidth: 64, canvasHeight: 64, cycles: 1 },
    };
    const reference = await createCowPipeline(nodeModels).generate({
      ...small,
      image: { ...CARD, data: Uint8Array.from(CARD.data) },
    });
    const web = await call('cow', WEBGPU, `${server.url}test-models/optimum/`, { ...small, image: CARD });
    expect(web).toMatchObject({ device: 'webgpu', unetCalls: reference.unetCalls, width: 64, height: 64 });
    expect(maxAbsDiff(web.latents, reference.latents.data)).toBeLessThanOrEqual(TOLERANCE.webgpu.latents);
    expect(maxAbsDiff(web.pixels, reference.image.data)).toBeLessThanOrEqual(TOLERANCE.webgpu.pixels);
  }, 180_000);
});

describe('hf: model ids in Chromium (wasm)', () => {
  it('loads a pipeline by hf: id from a (fake) Hub through resolve URLs and matches the Node CPU backend', async () => {
    const files = readRepoFiles(testModelDir('optimum'));
    const extra = { 'safety_checker/model.onnx': files['vae_decoder/model.onnx'] as Uint8Array };
    const hub = await startFakeHub({ 'owner/name': { files: { ...files, ...extra } } });
    try {
      const options = { ...TXT2IMG, steps: 2 };
      const reference = await createTxt2ImgPipeline(nodeModels).generate(options);
      const web = await call('txt2img', WASM, `hf:owner/name@main ${hub.endpoint}`, options);
      expect(maxAbsDiff(web.latents, reference.latents.data)).toBeLessThanOrEqual(TOLERANCE.wasm.latents);
      expect(maxAbsDiff(web.pixels, reference.image.data)).toBeLessThanOrEqual(TOLERANCE.wasm.pixels);
      // Every model came from the Hub's resolve URLs (LFS files through the CDN redirect), nothing else.
      const got = hub.requests.filter((r) => r.method === 'GET').map((r) => r.path);
      for (const role of ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder']) {
        expect(got).toContain(`/owner/name/resolve/main/${role}/model.onnx`);
      }
      expect(got.filter((p) => p.startsWith('/cdn/')).length).toBeGreaterThanOrEqual(4);
      expect(got.some((p) => p.includes('safety_checker'))).toBe(false);
    } finally {
      await hub.close();
    }
  });
});

const SOW = {
  prompt: 'a person in a park',
  config: { canvasWidth: 128, canvasHeight: 128, cycles: 2 },
  seed: 5,
} as const;

describe('SOW in Chromium (wasm)', () => {
  it('patches the UNet in the page, modulates attention, and matches the Node CPU backend', async () => {
    const folder = testModelDir('diffusers');
    const models = await loadStableDiffusion({ backend: node, folder: openModelFolder(folder) });
    const patched = patchSelfAttentionBytes(
      new Uint8Array(await readFile(join(folder, 'unet', 'model.onnx'))),
    );
    const unet = createModulatedUNet(await node.loadSession({ bytes: patched.bytes }));
    const image = { ...CARD, data: Uint8Array.from(CARD.data) };
    const reference = await createSowPipeline({ ...models, unet }).generate({ ...SOW, image });
    const web = await call('sow', WASM, `${server.url}test-models/diffusers/`, { ...SOW, image: CARD });
    expect(web.unetCalls).toBe(reference.unetCalls);
    expect(maxAbsDiff(web.latents, reference.latents.data)).toBeLessThanOrEqual(TOLERANCE.wasm.latents);
    expect(maxAbsDiff(web.pixels, reference.image.data)).toBeLessThanOrEqual(TOLERANCE.wasm.pixels);
    await models.dispose();
  });
});

describe('the demo page', () => {
  it('runs txt2img from the form with progress and previews, matching Node, and draws the result', async () => {
    await using page = await openPage(context);
    const demo = await runDemo(page, server.url, {
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
  });

  it('runs COW with its default test card and draws the result', async () => {
    await using page = await openPage(context);
    const demo = await runDemo(page, server.url, {
      'model-url': '/test-models/optimum/',
      device: 'wasm',
      mode: 'cow',
      size: '128',
    });
    expect(demo.error).toBeUndefined();
    expect(demo.result).toMatchObject({ width: 128, height: 128, device: 'wasm' });
    expect(demo.previews).toBeGreaterThan(0);
    await expectCanvasShows(page, demo.result!);
  });

  it('runs SOW (offline planner, UNet patched in the page) and draws the result', async () => {
    await using page = await openPage(context);
    const demo = await runDemo(page, server.url, {
      'model-url': '/test-models/diffusers/',
      device: 'wasm',
      mode: 'sow',
      size: '128',
    });
    expect(demo.error).toBeUndefined();
    expect(demo.result).toMatchObject({ width: 128, height: 128, device: 'wasm' });
    await expectCanvasShows(page, demo.result!);
  });
});
