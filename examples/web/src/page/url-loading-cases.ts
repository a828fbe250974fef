import {
  createOrtWebBackend,
  type OrtWebBackend,
  type OrtWebBackendSettings,
  openModelFolderUrl,
  WasmMemoryLimitError,
  WebGpuFeatureError,
  WebGpuLimitError,
} from '@sow/backend-ort-web';
import {
  type Backend,
  createTensor,
  InvalidArgumentError,
  ModelLoadError,
  type ProgressEvent,
  type Session,
} from '@sow/core';
import { affineModel, castModel } from '../../../../packages/test-kit/src/conformance/conformance-models.js';
import { expectAffineOutput } from '../../../../packages/test-kit/src/conformance/expect-affine-output.js';
import { rejection } from '../../../../packages/test-kit/src/conformance/rejection.js';
import { describe, expect, it } from './mini-vitest.js';

/** The fixture folders the test process writes (see `write-web-fixtures.ts`), relative to their base URL. */
export const FIXTURES = {
  inline: 'inline/model.onnx',
  weightsPb: 'weights-pb/model.onnx',
  onnxData: 'onnx-data/model.onnx',
  noWeights: 'no-weights/model.onnx',
  huge: 'huge/model.onnx',
  wide: 'wide/model.onnx',
} as const;

/** Bytes the `huge` fixture's one weight declares: 2^36 float32 values, more than a WebAssembly memory. */
export const HUGE_WEIGHT_BYTES = 2 ** 38;

/** Bytes the `wide` fixture's one weight declares: 3 GiB, within a WebAssembly memory, past GPU buffer limits. */
export const WIDE_WEIGHT_BYTES = 3 * 2 ** 30;

/** Runs an affine session on a fixed input and checks it against the closed form. */
async function expectAffine(session: Session): Promise<void> {
  const x = createTensor('float32', [2, 4], [1, -2, 0.5, 3, 0, 1, -1, 2]);
  expectAffineOutput(x, (await session.run({ x })).y);
}

/** Network requests the page has made for `url` so far (Resource Timing; cache hits make none). */
const requestsFor = (url: string): number => performance.getEntriesByName(url, 'resource').length;

/**
 * Registers the browser's counterpart of the conformance suite's file cases: models by URL (inline,
 * `weights.pb`, `model.onnx_data`, missing), download progress, the Cache Storage API, WebGPU limits and
 * URL model folders. `fixtures` is the absolute base URL of the fixture folders.
 */
export function describeUrlLoadingCases(
  backend: () => Backend,
  fixtures: string,
  settings: OrtWebBackendSettings,
): void {
  const url = (path: string) => new URL(path, fixtures).href;
  describe('loading by URL', () => {
    it('rejects corrupt and truncated bytes with ModelLoadError', async () => {
      const noise = Uint8Array.from({ length: 512 }, (_, i) => (i * 2654435761) >>> 24);
      expect(await rejection(backend().loadSession({ bytes: noise }))).toBeInstanceOf(ModelLoadError);
      const model = affineModel();
      const half = model.subarray(0, model.length >> 1);
      expect(await rejection(backend().loadSession({ bytes: half }))).toBeInstanceOf(ModelLoadError);
    });

    it('rejects a missing URL with ModelLoadError naming the URL', async () => {
      const missing = url('absent/model.onnx');
      const error = await rejection(backend().loadSession({ location: missing }));
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as ModelLoadError).location).toBe(missing);
      expect((error as Error).message).toContain(missing);
    });

    it('loads a model from a URL, relative ones against the page', async () => {
      const session = await backend().loadSession({ location: url(FIXTURES.inline) });
      await expectAffine(session);
      const relative = new URL(url(FIXTURES.inline)).pathname;
      const again = await backend().loadSession({ location: relative });
      await expectAffine(again);
      await Promise.all([session.dispose(), again.dispose()]);
    });

    for (const [fixture, location] of [
      [FIXTURES.weightsPb, 'weights.pb'],
      [FIXTURES.onnxData, 'model.onnx_data'],
    ] as const) {
      it(`loads external data (${location}) beside a model URL, and from bytes with the data by bytes or URL`, async () => {
        const fromUrl = await backend().loadSession({ location: url(fixture) });
        await expectAffine(fromUrl);
        const model = new Uint8Array(await (await fetch(url(fixture))).arrayBuffer());
        const dataUrl = new URL(location, url(fixture)).href;
        const data = new Uint8Array(await (await fetch(dataUrl)).arrayBuffer());
        const byBytes = await backend().loadSession({
          bytes: model,
          externalData: [{ path: location, data }],
        });
        await expectAffine(byBytes);
        const byUrl = await backend().loadSession({
          bytes: model,
          externalData: [{ path: location, data: dataUrl }],
        });
        await expectAffine(byUrl);
        const missing = await rejection(backend().loadSession({ bytes: model }));
        expect(missing).toBeInstanceOf(ModelLoadError);
        expect((missing as Error).message).toContain(location);
        await Promise.all([fromUrl.dispose(), byBytes.dispose(), byUrl.dispose()]);
      });
    }

    it('rejects a model whose external data file is missing with ModelLoadError naming that file', async () => {
      const error = await rejection(backend().loadSession({ location: url(FIXTURES.noWeights) }));
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as ModelLoadError).location).toBe(url('no-weights/weights.pb'));
    });

    it('reports download progress: from 0, rising, ending at the file size', async () => {
      const target = url(FIXTURES.weightsPb);
      const events: ProgressEvent[] = [];
      const web = backend() as OrtWebBackend;
      const session = await web.loadSession({ location: target }, { onProgress: (e) => events.push(e) });
      await session.dispose();
      const size = (await (await fetch(target)).arrayBuffer()).byteLength;
      const mine = events.flatMap((e) => (e.type === 'download' && e.location === target ? [e] : []));
      expect(mine[0]?.loaded).toBe(0);
      expect(mine.at(-1)).toMatchObject({ loaded: size, total: size });
      for (let i = 1; i < mine.length; i++)
        expect(mine[i]!.loaded).toBeGreaterThanOrEqual(mine[i - 1]!.loaded);
      expect(events.some((e) => e.type === 'download' && e.location.endsWith('/weights-pb/weights.pb'))).toBe(
        true,
      );
    });

    it('aborts a download with the signal’s own reason and opens no session', async () => {
      const web = backend() as OrtWebBackend;
      const before = web.openSessions;
      const controller = new AbortController();
      const reason = new Error('navigated away');
      const error = await rejection(
        web.loadSession(
          { location: url(FIXTURES.weightsPb) },
          { signal: controller.signal, onProgress: () => controller.abort(reason) },
        ),
      );
      expect(error).toBe(reason);
      expect(web.openSessions).toBe(before);
    });

    it('keeps models in Cache Storage and loads them again without the network', async () => {
      const cache = `sow-conformance-${Math.random().toString(36).slice(2)}`;
      const cached = await createOrtWebBackend({ ...settings, cache });
      const target = url(FIXTURES.onnxData);
      const weights = new URL('model.onnx_data', target).href;
      try {
        await expectAffine(await cached.loadSession({ location: target }));
        const stored = await (await caches.open(cache)).match(weights);
        const served = new Uint8Array(await (await fetch(weights)).arrayBuffer());
        expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(served);
        const before = [requestsFor(target), requestsFor(weights)];
        await expectAffine(await cached.loadSession({ location: target }));
        expect([requestsFor(target), requestsFor(weights)]).toEqual(before);
      } finally {
        await cached.dispose();
        await caches.delete(cache);
      }
    });

    it('refuses, before downloading its weights, a model whose largest weight exceeds the WebGPU limits', async () => {
      const web = backend() as OrtWebBackend;
      const target = url(FIXTURES.wide);
      const error = await rejection(web.loadSession({ location: target }));
      expect(error).toBeInstanceOf(ModelLoadError);
      if (web.device === 'wasm') {
        expect(web.gpu).toBeUndefined();
        expect(error).not.toBeInstanceOf(WebGpuLimitError);
        return;
      }
      expect(web.gpu!.maxBufferSize).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(WebGpuLimitError);
      const limitError = error as WebGpuLimitError;
      expect(limitError).toMatchObject({ tensor: 'W', required: WIDE_WEIGHT_BYTES, location: target });
      expect(limitError.available).toBe(
        Math.min(web.gpu!.maxBufferSize, web.gpu!.maxStorageBufferBindingSize),
      );
      expect(requestsFor(url('wide/wide.bin'))).toBe(0);
    });

    it('refuses, before downloading its weights, a model larger than a WebAssembly memory (4 GiB)', async () => {
      const web = backend() as OrtWebBackend;
      const target = url(FIXTURES.huge);
      const error = await rejection(web.loadSession({ location: target }));
      expect(error).toBeInstanceOf(WasmMemoryLimitError);
      expect(error).toMatchObject({ available: 2 ** 32, location: target });
      expect((error as WasmMemoryLimitError).required).toBeGreaterThan(HUGE_WEIGHT_BYTES);
      expect(requestsFor(url('huge/huge.bin'))).toBe(0);
    });
  });

  describe('WebGPU features', () => {
    it('refuses float16 models on a WebGPU adapter without shader-f16, and runs them elsewhere', async () => {
      const web = backend() as OrtWebBackend;
      const load = web.loadSession({ bytes: castModel() });
      if (web.device === 'webgpu' && web.gpu?.shaderF16 !== true) {
        const error = await rejection(load);
        expect(error).toBeInstanceOf(WebGpuFeatureError);
        expect(error).toMatchObject({ feature: 'shader-f16' });
        return;
      }
      const session = await load;
      const x = createTensor('float32', [1], [0.5]);
      const k = createTensor('int64', [1], BigInt64Array.from([3n]));
      const u = createTensor('uint8', [1], [7]);
      expect([...(await session.run({ x, k, u })).half!.data]).toEqual([0x3800]);
      await session.dispose();
    });
  });

  describe('model folders by URL', () => {
    it('reads files, reports existence and names the URL of a missing file', async () => {
      const folder = openModelFolderUrl(url('weights-pb'), { cache: false });
      expect(folder.location).toBe(url('weights-pb/'));
      expect(await folder.exists('weights.pb')).toBe(true);
      expect(await folder.exists('nothing.json')).toBe(false);
      expect(await folder.modelSource('model.onnx')).toEqual({ location: url(FIXTURES.weightsPb) });
      const error = await rejection(folder.readText('model_index.json'));
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as ModelLoadError).location).toBe(url('weights-pb/model_index.json'));
      expect(await rejection(folder.modelSource('unet/model.onnx'))).toBeInstanceOf(ModelLoadError);
      expect(await rejection(folder.readBytes('../inline/model.onnx').then(() => 0))).toBeInstanceOf(
        InvalidArgumentError,
      );
    });
  });
}
