import type { Backend, LoadSessionOptions, ModelSource, ProgressCallback, Session } from '@sow/core';
import type { WebGpuCapabilities } from './web-gpu-capabilities.js';

/** Per-call options of {@link OrtWebBackend.loadSession}: core's, plus download progress. */
export interface OrtWebLoadSessionOptions extends LoadSessionOptions {
  /** Receives `download` events for the files this load fetches; overrides the backend's `onProgress`. */
  readonly onProgress?: ProgressCallback;
}

/** Core's {@link Backend} on ONNX Runtime Web, with the WebGPU capabilities it checks models against. */
export interface OrtWebBackend extends Backend {
  /** `webgpu` or `wasm`: the device every session runs on. */
  readonly device: 'webgpu' | 'wasm';
  /** The WebGPU adapter's limits and features; `undefined` on WASM. */
  readonly gpu: WebGpuCapabilities | undefined;
  /**
   * Loads a model from its bytes or its URL (`{ location }`, relative to the page), fetching external data
   * files from beside it, with progress and the Cache Storage API. On WebGPU a model whose largest weight
   * exceeds the adapter's limits rejects with `WebGpuLimitError`, and one that uses float16 on an adapter
   * without `shader-f16` with `WebGpuFeatureError`, before its weights are downloaded.
   */
  loadSession(source: ModelSource, options?: OrtWebLoadSessionOptions): Promise<Session>;
}
