/**
 * The browser test harness (`harness.html`): exposes `window.sowHarness`, which the Playwright test calls
 * to run the shared backend conformance cases, txt2img, COW, SOW and UNet timings in a real browser and report
 * plain-data results back to Node.
 */

import {
  createOrtWebBackend,
  type OrtWebBackendSettings,
  type OrtWebDevice,
  openModelFolderUrl,
  type WebGpuCapabilities,
} from '@sow/backend-ort-web';
import {
  type CowGenerateOptions,
  createCowPipeline,
  createSowPipeline,
  createTxt2ImgPipeline,
  loadStableDiffusion,
  type RgbImage,
  type SowGenerateOptions,
  type StableDiffusionModels,
  type Txt2ImgOptions,
} from '@sow/core';
import { loadSowModels } from '@sow/onnx-graph';
import {
  describeDisposeCases,
  describeErrorCases,
} from '../../../../packages/test-kit/src/conformance/error-cases.js';
import { describeRunCases } from '../../../../packages/test-kit/src/conformance/run-cases.js';
import { useBackend } from '../../../../packages/test-kit/src/conformance/use-backend.js';
import { type CaseResult, describe, runCollected } from './mini-vitest.js';
import { decodeImageFile } from './rgb-image-data.js';
import { createUNetCallTimer, type UNetCallTime, type UNetCallTimer } from './time-unet-calls.js';
import { describeUrlLoadingCases } from './url-loading-cases.js';
import { withRunTimer } from './with-run-timer.js';

/** Which backend a harness call uses. */
export interface HarnessDevice {
  /** Device to ask for. */
  readonly device: OrtWebDevice;
  /** WASM threads; default 1. */
  readonly numThreads?: number;
}

/** A generated image and latents as plain arrays, so they cross from the page to Node intact. */
export interface HarnessImageResult {
  /** Image width. */
  readonly width: number;
  /** Image height. */
  readonly height: number;
  /** RGB bytes, row-major. */
  readonly pixels: number[];
  /** Final latents (float32 values). */
  readonly latents: number[];
  /** Device the models ran on. */
  readonly device: string;
  /** UNet calls made. */
  readonly unetCalls: number;
  /** Wall time of the generate call in ms. */
  readonly ms: number;
}

const settingsFor = (d: HarnessDevice): OrtWebBackendSettings => ({
  device: d.device,
  wasmPaths: '/ort/',
  numThreads: d.numThreads ?? 1,
  cache: false,
});

/**
 * Loads a model folder by URL (or an `hf:` id, with the Hub endpoint after a space: `hf:owner/name
 * http://127.0.0.1:port`) on a fresh backend (with the UNet patched for SOW when `patched`), runs `body`,
 * and disposes everything.
 */
async function withModels<T>(
  d: HarnessDevice,
  modelUrl: string,
  body: (m: StableDiffusionModels) => Promise<T>,
  patched = false,
) {
  const backend = await createOrtWebBackend(settingsFor(d));
  try {
    const [url = '', endpoint] = modelUrl.split(' ');
    const folder = openModelFolderUrl(url, { cache: false, ...(endpoint === undefined ? {} : { endpoint }) });
    const models = await (patched ? loadSowModels : loadStableDiffusion)({ backend, folder });
    return await body(models);
  } finally {
    await backend.dispose();
  }
}

/** Times one pipeline run and returns its result as plain arrays for the test process. */
async function timedRun(
  run: () => Promise<{ image: RgbImage; latents: { data: Float32Array }; device: string; unetCalls: number }>,
): Promise<HarnessImageResult> {
  const started = performance.now();
  const r = await run();
  return {
    width: r.image.width,
    height: r.image.height,
    pixels: Array.from(r.image.data),
    latents: Array.from(r.latents.data),
    device: r.device,
    unetCalls: r.unetCalls,
    ms: performance.now() - started,
  };
}

/** The UNet timer of {@link harness.openUNetTimer}, while open. */
let timer: { timer: UNetCallTimer; dispose(): Promise<void> } | undefined;

const harness = {
  /** The device a backend gets for `d`, and its WebGPU capabilities. */
  async capabilities(d: HarnessDevice): Promise<{ device: string; gpu: WebGpuCapabilities | undefined }> {
    const backend = await createOrtWebBackend(settingsFor(d));
    await backend.dispose();
    return { device: backend.device, gpu: backend.gpu };
  },

  /** Runs the conformance cases (runs, errors, dispose, URL loading) on a fresh backend per group. */
  conformance(d: HarnessDevice, fixtures: string): Promise<CaseResult[]> {
    const make = () => createOrtWebBackend(settingsFor(d));
    return runCollected(() => {
      describe(`backend conformance: ort-web ${d.device}`, () => {
        describe('runs', () => describeRunCases(useBackend(make)));
        describe('errors', () => describeErrorCases(useBackend(make)));
        describeDisposeCases(make);
        describe('urls', () => describeUrlLoadingCases(useBackend(make), fixtures, settingsFor(d)));
      });
    });
  },

  /** Runs txt2img on the folder at `modelUrl`. */
  txt2img(d: HarnessDevice, modelUrl: string, options: Txt2ImgOptions): Promise<HarnessImageResult> {
    return withModels(d, modelUrl, (models) =>
      timedRun(() => createTxt2ImgPipeline(models).generate(options)),
    );
  },

  /** Runs COW on the folder at `modelUrl`; the image comes as plain arrays. */
  cow(
    d: HarnessDevice,
    modelUrl: string,
    options: Omit<CowGenerateOptions, 'image'> & {
      image: { width: number; height: number; channels: 3 | 4; data: number[] };
    },
  ): Promise<HarnessImageResult> {
    return withModels(d, modelUrl, async (models) => {
      const image = { ...options.image, data: Uint8Array.from(options.image.data) };
      return timedRun(() => createCowPipeline(models).generate({ ...options, image }));
    });
  },

  /** Runs SOW (offline planner, attention modulation on a UNet patched in the page) on the folder at `modelUrl`. */
  sow(
    d: HarnessDevice,
    modelUrl: string,
    options: Omit<SowGenerateOptions, 'image'> & {
      image: { width: number; height: number; channels: 3 | 4; data: number[] };
    },
  ): Promise<HarnessImageResult> {
    return withModels(
      d,
      modelUrl,
      async (models) => {
        const image = { ...options.image, data: Uint8Array.from(options.image.data) };
        return timedRun(() => createSowPipeline(models).generate({ ...options, image }));
      },
      true,
    );
  },

  /** Fetches the image at `url` and decodes it as the demo does; a refusal comes back as its name and message. */
  async decodeImageUrl(url: string): Promise<{ width?: number; error?: string; ms: number }> {
    const blob = await (await fetch(url)).blob();
    const started = performance.now();
    try {
      const image = await decodeImageFile(blob);
      return { width: image.width, ms: performance.now() - started };
    } catch (error) {
      const e = error as Error & { code?: string };
      return { error: `${e.name} ${e.code}: ${e.message}`, ms: performance.now() - started };
    }
  },

  /**
   * Opens the folder at `modelUrl` and prepares guided UNet calls at `latentSize` for {@link harness.timeUNetCall}
   * (one timer per page; a page keeps the thread count of its first backend).
   */
  async openUNetTimer(d: HarnessDevice, modelUrl: string, latentSize: number): Promise<void> {
    await harness.closeUNetTimer();
    let inRun = 0;
    const backend = withRunTimer(await createOrtWebBackend(settingsFor(d)), (ms) => {
      inRun += ms;
    });
    const models = await loadStableDiffusion({
      backend,
      folder: openModelFolderUrl(modelUrl, { cache: false }),
    });
    timer = {
      timer: await createUNetCallTimer(models, latentSize, () => inRun),
      dispose: () => backend.dispose(),
    };
  },

  /** Runs and times one call of the open UNet timer. */
  timeUNetCall(): Promise<UNetCallTime> {
    if (timer === undefined) throw new Error('timeUNetCall: call openUNetTimer first');
    return timer.timer.call();
  },

  /** Disposes the open UNet timer, if any. */
  async closeUNetTimer(): Promise<void> {
    await timer?.dispose();
    timer = undefined;
  },

  /** What the page runs with: cross-origin isolation, cores, SIMD support, the ORT WASM files loaded. */
  environment() {
    // (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)): valid only with SIMD.
    const simdProbe = Uint8Array.from([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253,
      98, 11,
    ]);
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      cores: navigator.hardwareConcurrency,
      simd: WebAssembly.validate(simdProbe),
      wasmFiles: performance
        .getEntriesByType('resource')
        .map((e) => e.name.split('/').at(-1) ?? '')
        .filter((name) => name.endsWith('.wasm')),
    };
  },
};

/** The harness API, as the test sees it on `window`. */
export type SowHarness = typeof harness;

performance.setResourceTimingBufferSize(100_000);
(globalThis as { sowHarness?: SowHarness }).sowHarness = harness;
document.body.dataset.ready = 'true';
