import type { ProgressCallback } from '@sow/core';
import type * as OrtWebNamespace from 'onnxruntime-web';
import type { InferenceSession } from 'onnxruntime-web';

/**
 * The device an ONNX Runtime Web backend runs on. `webgpu` and `wasm` are strict: asking for WebGPU gives
 * WebGPU or a `BackendUnavailableError` listing what is available. `auto` picks WebGPU when the browser
 * offers an adapter, else WASM, and reports the choice in `backend.device`.
 */
export type OrtWebDevice = 'webgpu' | 'wasm' | 'auto';

/** The `onnxruntime-web` module (`import * as ort from 'onnxruntime-web'`, or one of its builds such as `/webgpu`). */
export type OrtWebModule = typeof OrtWebNamespace;

/**
 * Where ONNX Runtime Web finds its `.wasm` (and `.mjs`) files: a URL prefix ending in `/`, or one URL per
 * file, as ONNX Runtime's `env.wasm.wasmPaths` takes them.
 */
export type OrtWebWasmPaths = string | { readonly wasm?: string; readonly mjs?: string };

/**
 * ONNX Runtime Web session options passed through unchanged to every session the backend opens. The
 * backend owns `executionProviders` and `externalData`, so they cannot be set here.
 */
export type OrtWebSessionOptions = Omit<
  InferenceSession.SessionOptions,
  'executionProviders' | 'externalData'
>;

/**
 * Construction settings of {@link createOrtWebBackend}: device, where the runtime's WASM files live,
 * threads, model caching and download progress.
 */
export interface OrtWebBackendSettings {
  /** Device to run on. Default `'auto'` (WebGPU when the browser offers an adapter, else WASM). */
  readonly device?: OrtWebDevice;
  /**
   * Where the runtime's `ort-wasm-*.wasm`/`.mjs` files are served from, e.g. `'/ort/'`. Required: the
   * backend never falls back to a CDN. Serve them from `node_modules/onnxruntime-web/dist`.
   */
  readonly wasmPaths: OrtWebWasmPaths;
  /**
   * WASM threads (positive integer). More than 1 needs a cross-origin isolated page (COOP/COEP headers).
   * Default: ONNX Runtime's choice (1 when the page is not cross-origin isolated).
   */
  readonly numThreads?: number;
  /**
   * The `onnxruntime-web` module to use. Default: `await import('onnxruntime-web')` (the peer dependency).
   * Pass it to choose a build (e.g. `onnxruntime-web/webgpu`) or share one module with other code.
   */
  readonly ort?: OrtWebModule;
  /**
   * Name of the Cache Storage cache that keeps models loaded by URL, so a second visit loads them offline;
   * `false` turns caching off. Entries are keyed by URL: version your model URLs. Default `'sow-models'`.
   */
  readonly cache?: string | false;
  /** Receives a `download` event as each model file the backend fetches arrives. Default none. */
  readonly onProgress?: ProgressCallback;
  /** WebGPU adapter preference passed to `navigator.gpu.requestAdapter`. Default: the browser's. */
  readonly powerPreference?: 'low-power' | 'high-performance';
  /** Other ONNX Runtime session options, passed through. Default none. */
  readonly sessionOptions?: Readonly<OrtWebSessionOptions>;
}
