import type { InferenceSession } from 'onnxruntime-node';

/**
 * The device an ONNX Runtime Node backend runs on. `cpu` and `cuda` are strict: asking for CUDA gives CUDA
 * or a `BackendUnavailableError`. `auto` picks CUDA when a CUDA session starts, else the CPU, and reports
 * the choice in `backend.device`.
 */
export type OrtNodeDevice = 'cpu' | 'cuda' | 'auto';

/** ONNX Runtime's graph optimisation levels, from none to every fusion ORT knows. */
export type OrtGraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'layout' | 'all';

/**
 * ONNX Runtime session options passed through unchanged to every session the backend opens. The
 * backend owns `executionProviders` and `externalData`, so they cannot be set here.
 */
export type OrtNodeSessionOptions = Omit<
  InferenceSession.SessionOptions,
  'executionProviders' | 'externalData'
>;

/**
 * Construction settings of {@link createOrtNodeBackend}: device, threading and graph optimisation.
 * Every field is optional; the defaults are ONNX Runtime's own except `device`.
 */
export interface OrtNodeBackendSettings {
  /** Device to run on. Default `'cpu'`. */
  readonly device?: OrtNodeDevice;
  /** Graph optimisation level of every session. Default: ONNX Runtime's (`'all'`). */
  readonly graphOptimizationLevel?: OrtGraphOptimizationLevel;
  /** Threads used inside one operator (non-negative integer, 0 = ONNX Runtime decides). Default 0. */
  readonly intraOpNumThreads?: number;
  /** Threads used to run independent operators in parallel (non-negative integer, 0 = ORT decides). Default 0. */
  readonly interOpNumThreads?: number;
  /** CUDA device ordinal used when the device is `cuda` (or `auto` picks CUDA). Default 0. */
  readonly cudaDeviceId?: number;
  /** Other ONNX Runtime session options, passed through; the fields above take precedence. Default none. */
  readonly sessionOptions?: Readonly<OrtNodeSessionOptions>;
}
