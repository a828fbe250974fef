import { InvalidArgumentError, ModelLoadError, type ModelSource, type ProgressCallback } from '@sow/core';
import { fetchModelFile } from './fetch-model-file.js';
import { type OnnxModelScan, scanOnnxModel } from './scan-onnx-model.js';
import { WasmMemoryLimitError } from './wasm-memory-limit-error.js';
import type { WebGpuCapabilities } from './web-gpu-capabilities.js';
import { WebGpuFeatureError } from './web-gpu-feature-error.js';
import { WebGpuLimitError } from './web-gpu-limit-error.js';

/** The most a wasm32 WebAssembly memory can hold (ONNX Runtime Web's build): 4 GiB. */
const WASM_MEMORY_BYTES = 2 ** 32;

/** A model ready for `InferenceSession.create`: its bytes and every external data file it names. */
export interface ResolvedModel {
  /** Names the model in errors: its URL, or `model bytes (N B)`. */
  readonly label: string;
  /** The `.onnx` bytes. */
  readonly bytes: Uint8Array;
  /** External data files, by the location recorded in the graph. */
  readonly externalData: readonly { readonly path: string; readonly data: Uint8Array }[];
}

/** How {@link resolveModelSource} fetches and checks. */
export interface ResolveModelOptions {
  /** Cache Storage cache name, or `false`. */
  readonly cache: string | false;
  /** The adapter's limits and features on WebGPU; `undefined` on WASM. */
  readonly gpu: WebGpuCapabilities | undefined;
  /** Receives `download` events. */
  readonly onProgress?: ProgressCallback | undefined;
  /** Aborts downloads. */
  readonly signal?: AbortSignal | undefined;
}

/** An absolute URL for `location`, resolved against the page when it is relative. */
function absoluteUrl(location: string): string {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(location, base).href;
  } catch (cause) {
    throw new ModelLoadError(location, 'it is not a valid URL', { cause });
  }
}

/**
 * Throws {@link WasmMemoryLimitError} when the graph and its weights exceed a WebAssembly memory (on every
 * device: WebGPU sessions are loaded through it too), {@link WebGpuLimitError} when the largest weight cannot live in one GPU buffer, and
 * {@link WebGpuFeatureError} when the model uses float16 on an adapter without `shader-f16`.
 */
function checkGpu(
  label: string,
  graphBytes: number,
  scan: OnnxModelScan,
  limits: WebGpuCapabilities | undefined,
): void {
  const required = graphBytes + scan.totalInitializerBytes;
  if (required > WASM_MEMORY_BYTES) throw new WasmMemoryLimitError(label, required, WASM_MEMORY_BYTES);
  if (limits === undefined) return;
  if (scan.usesFloat16 && !limits.shaderF16) {
    throw new WebGpuFeatureError(label, 'shader-f16', 'the model uses float16');
  }
  const largest = scan.largestInitializer;
  if (largest === undefined) return;
  const [limit, available] =
    limits.maxStorageBufferBindingSize <= limits.maxBufferSize
      ? ['maxStorageBufferBindingSize', limits.maxStorageBufferBindingSize]
      : ['maxBufferSize', limits.maxBufferSize];
  if (largest.bytes > available)
    throw new WebGpuLimitError(label, largest.name, largest.bytes, limit, available);
}

/** Reads the graph's external data locations and largest weight; bytes that do not parse are a load error. */
function scan(label: string, bytes: Uint8Array): OnnxModelScan {
  try {
    return scanOnnxModel(bytes);
  } catch (cause) {
    throw new ModelLoadError(label, 'it is not an ONNX model (the protobuf does not parse)', { cause });
  }
}

/**
 * Turns a {@link ModelSource} into bytes plus external data: a `location` is a URL fetched (with progress
 * and the cache), and its external data files are fetched from beside it; given bytes may name their
 * external files by bytes or by URL. The WebGPU limits and features are checked on the graph alone, before any external
 * weights are downloaded.
 */
export async function resolveModelSource(
  source: ModelSource,
  options: ResolveModelOptions,
): Promise<ResolvedModel> {
  const fetchOptions = { cache: options.cache, onProgress: options.onProgress, signal: options.signal };
  if (
    typeof source === 'object' &&
    source !== null &&
    'location' in source &&
    typeof source.location === 'string'
  ) {
    const url = absoluteUrl(source.location);
    const bytes = await fetchModelFile(url, fetchOptions);
    const info = scan(url, bytes);
    checkGpu(url, bytes.length, info, options.gpu);
    const externalData = [];
    for (const path of info.externalData) {
      externalData.push({ path, data: await fetchModelFile(new URL(path, url).href, fetchOptions) });
    }
    return { label: url, bytes, externalData };
  }
  if (
    typeof source === 'object' &&
    source !== null &&
    'bytes' in source &&
    source.bytes instanceof Uint8Array
  ) {
    const label = `model bytes (${source.bytes.byteLength} B)`;
    const info = scan(label, source.bytes);
    checkGpu(label, source.bytes.length, info, options.gpu);
    const given = source.externalData ?? [];
    const externalData = [];
    for (const path of info.externalData) {
      const file = given.find((f) => f.path === path);
      if (file === undefined) {
        throw new ModelLoadError(
          label,
          `its weights are in external data file '${path}', which was not given`,
        );
      }
      const data =
        typeof file.data === 'string'
          ? await fetchModelFile(absoluteUrl(file.data), fetchOptions)
          : file.data;
      externalData.push({ path, data });
    }
    return { label, bytes: source.bytes, externalData };
  }
  throw new InvalidArgumentError(
    'Backend.loadSession',
    'source',
    '{ location: string } or { bytes: Uint8Array, externalData? }',
    source,
  );
}
