import {
  InvalidArgumentError,
  ModelLoadError,
  type ModelSource,
  type Session,
  throwIfAborted,
} from '@sow/core';
import type { InferenceSession } from 'onnxruntime-web';
import type { OrtWebBackend, OrtWebLoadSessionOptions } from './ort-web-backend.js';
import type { OrtWebBackendSettings, OrtWebModule } from './ort-web-backend-settings.js';
import { OrtWebSession } from './ort-web-session.js';
import { resolveModelSource } from './resolve-model-source.js';
import { resolveWebDevice } from './resolve-web-device.js';
import { createSerialQueue, type SerialQueue } from './serial-queue.js';

const FN = 'createOrtWebBackend';

/** The runtime settings each ONNX Runtime module was first set up with (its WASM starts only once). */
const configured = new WeakMap<OrtWebModule, string>();

/**
 * One queue per ONNX Runtime module: all its sessions share one WASM instance (and, on WebGPU, one
 * device), so backends on the same module take turns too.
 */
const queues = new WeakMap<OrtWebModule, SerialQueue>();

/** Checks the settings that are not the device; returns the cache name. */
function checkSettings(settings: OrtWebBackendSettings): string | false {
  if (typeof settings !== 'object' || settings === null) {
    throw new InvalidArgumentError(FN, 'settings', 'an object', settings);
  }
  const paths = settings.wasmPaths;
  if (!(typeof paths === 'string' && paths !== '') && !(typeof paths === 'object' && paths !== null)) {
    throw new InvalidArgumentError(
      FN,
      'settings.wasmPaths',
      'the URL the ONNX Runtime .wasm files are served from',
      paths,
    );
  }
  const threads = settings.numThreads;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new InvalidArgumentError(FN, 'settings.numThreads', 'a positive integer', threads);
  }
  if (threads !== undefined && threads > 1 && globalThis.crossOriginIsolated !== true) {
    throw new InvalidArgumentError(
      FN,
      'settings.numThreads',
      '1 on a page that is not cross-origin isolated (serve it with COOP/COEP headers)',
      threads,
    );
  }
  const ort = settings.ort as { InferenceSession?: { create?: unknown } } | undefined;
  if (ort !== undefined && typeof ort?.InferenceSession?.create !== 'function') {
    throw new InvalidArgumentError(FN, 'settings.ort', "the 'onnxruntime-web' module", ort);
  }
  const cache = settings.cache ?? 'sow-models';
  if (cache !== false && (typeof cache !== 'string' || cache === '')) {
    throw new InvalidArgumentError(FN, 'settings.cache', 'a cache name or false', cache);
  }
  return cache;
}

/** Sets the module's WASM paths and threads, or checks they match what an earlier backend set. */
function configureRuntime(ort: OrtWebModule, settings: OrtWebBackendSettings, adapter: unknown): void {
  const wanted = JSON.stringify({ wasmPaths: settings.wasmPaths, numThreads: settings.numThreads ?? null });
  const earlier = configured.get(ort);
  if (earlier !== undefined && earlier !== wanted) {
    throw new InvalidArgumentError(
      FN,
      'settings',
      `the wasmPaths and numThreads this ONNX Runtime module was first set up with (${earlier})`,
      wanted,
    );
  }
  configured.set(ort, wanted);
  ort.env.wasm.wasmPaths = settings.wasmPaths;
  if (settings.numThreads !== undefined) ort.env.wasm.numThreads = settings.numThreads;
  const webgpu = ort.env.webgpu as { adapter?: unknown };
  if (adapter !== undefined && webgpu.adapter === undefined) webgpu.adapter = adapter;
}

/** First line of an error's message, for load-error reasons. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * Creates a {@link OrtWebBackend} that runs models in the browser with ONNX Runtime Web (the
 * `onnxruntime-web` peer dependency) on WebGPU or WASM. Devices are strict: `device: 'webgpu'` needs an
 * adapter from `navigator.gpu.requestAdapter()` or rejects with `BackendUnavailableError` listing what is
 * available; `'auto'` picks WebGPU when there is an adapter and reports the choice in `backend.device`.
 * The WASM files come from `wasmPaths`, never a CDN. Session creation, runs and releases are serialised
 * (per backend, and across backends sharing one `onnxruntime-web` module). Models load by URL with `download` progress events, the Cache Storage API and external
 * data; on WebGPU a model whose largest weight exceeds the adapter's buffer limits is refused with
 * `WebGpuLimitError` (a float16 model on an adapter without `shader-f16`: `WebGpuFeatureError`) before its
 * weights are downloaded.
 * @example
 * const backend = await createOrtWebBackend({ device: 'webgpu', wasmPaths: '/ort/' });
 * const folder = openModelFolderUrl('/models/sd21-base-onnx/');
 * const models = await loadStableDiffusion({ backend, folder });
 * const { image } = await createTxt2ImgPipeline(models).generate({ prompt: 'a photo of a cat', seed: 1 });
 */
export async function createOrtWebBackend(settings: OrtWebBackendSettings): Promise<OrtWebBackend> {
  const cache = checkSettings(settings);
  const resolved = await resolveWebDevice(settings.device ?? 'auto', settings.powerPreference);
  const ort = settings.ort ?? ((await import('onnxruntime-web')) as OrtWebModule);
  configureRuntime(ort, settings, resolved.adapter);
  const sessionOptions: InferenceSession.SessionOptions = {
    ...settings.sessionOptions,
    executionProviders: [resolved.device],
  };
  const queue = queues.get(ort) ?? createSerialQueue();
  queues.set(ort, queue);
  const open = new Set<Session>();
  const forget = (session: OrtWebSession): void => {
    open.delete(session);
  };

  return {
    name: 'ort-web',
    device: resolved.device,
    gpu: resolved.gpu,
    get openSessions() {
      return open.size;
    },
    async loadSession(source: ModelSource, options?: OrtWebLoadSessionOptions): Promise<Session> {
      const signal = options?.signal;
      throwIfAborted(signal);
      const model = await resolveModelSource(source, {
        cache,
        gpu: resolved.gpu,
        onProgress: options?.onProgress ?? settings.onProgress,
        signal,
      });
      const created = await queue(async () => {
        throwIfAborted(signal);
        try {
          return await ort.InferenceSession.create(model.bytes, {
            ...sessionOptions,
            ...(model.externalData.length > 0 ? { externalData: [...model.externalData] } : {}),
          });
        } catch (cause) {
          throw new ModelLoadError(model.label, `ONNX Runtime rejected it: ${firstLine(cause)}`, { cause });
        }
      });
      const session = new OrtWebSession(ort, created, model.label, queue, forget);
      open.add(session);
      if (signal?.aborted === true) {
        await session.dispose();
        throw signal.reason;
      }
      return session;
    },
    async dispose(): Promise<void> {
      await Promise.all([...open].map((s) => s.dispose()));
    },
  };
}
