import type { DType, Tensor } from '../tensor/tensor.js';

/** Name, element type and dimensions of one model input or output, as the runtime reports them. */
export interface TensorInfo {
  /** Input or output name in the graph. */
  readonly name: string;
  /** Element type, or `'unknown'` for types the library does not handle (strings, complex, ...). */
  readonly dtype: DType | 'unknown';
  /** Dimensions: a number when fixed, a string for a named symbolic dimension, `null` when unknown. */
  readonly shape: readonly (number | string | null)[];
}

/** An external weights file referenced by a graph (`weights.pb`, `model.onnx_data`), by bytes or by location. */
export interface ExternalDataFile {
  /** The location string recorded in the graph's initializers (a file name relative to the graph). */
  readonly path: string;
  /** The file's bytes, or its path (Node) or URL (browser). */
  readonly data: Uint8Array | string;
}

/**
 * Where a model comes from: its bytes (with any external weights), or a location the backend can open
 * itself (a file path in Node, a URL in a browser). Core never reads files.
 */
export type ModelSource =
  | { readonly bytes: Uint8Array; readonly externalData?: readonly ExternalDataFile[] }
  | { readonly location: string };

/** Per-call options of {@link Session.run}. */
export interface RunOptions {
  /** Checked before the run starts; an aborted signal rejects with its reason, unwrapped. */
  readonly signal?: AbortSignal;
}

/** A loaded model ready to run: the runtime-neutral face of an ONNX Runtime inference session. */
export interface Session {
  /** The graph's inputs, in order. */
  readonly inputs: readonly TensorInfo[];
  /** The graph's outputs, in order. */
  readonly outputs: readonly TensorInfo[];
  /**
   * Runs the graph on named inputs and returns every output by name. Missing or extra inputs, and
   * inputs of the wrong dtype, reject with a typed error before the runtime is called.
   */
  run(feeds: Readonly<Record<string, Tensor>>, options?: RunOptions): Promise<Record<string, Tensor>>;
  /** Frees the session's native resources; later runs reject. Safe to call twice. */
  dispose(): Promise<void>;
}

/** Options for {@link Backend.loadSession}. */
export interface LoadSessionOptions {
  /** Checked before loading starts. */
  readonly signal?: AbortSignal;
}

/**
 * A runtime that turns model files into {@link Session}s on one device. Backends are values created by
 * their packages (`createOrtNodeBackend`, `createOrtWebBackend`) and passed in; none is global.
 */
export interface Backend {
  /** Short backend name, e.g. `ort-node`. */
  readonly name: string;
  /** The device sessions run on, e.g. `cpu`, `cuda`, `webgpu`, `wasm`. */
  readonly device: string;
  /** Loads a model; a corrupt or unreadable model rejects with `ModelLoadError`. */
  loadSession(source: ModelSource, options?: LoadSessionOptions): Promise<Session>;
  /** Number of sessions loaded and not yet disposed; lets callers check that nothing leaks. */
  readonly openSessions: number;
  /** Disposes every session this backend opened. */
  dispose(): Promise<void>;
}
