import { BackendUnavailableError, InvalidArgumentError } from '@sow/core';
import type { OrtWebDevice } from './ort-web-backend-settings.js';
import type { WebGpuCapabilities } from './web-gpu-capabilities.js';

/** The parts of a WebGPU `GPUAdapter` the backend reads (TypeScript's DOM library has no WebGPU types yet). */
interface GpuAdapterLike {
  readonly limits: { readonly maxBufferSize: number; readonly maxStorageBufferBindingSize: number };
  readonly features: { has(feature: string): boolean };
}

/** The parts of `navigator.gpu` the backend calls. */
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** The device a backend settled on, with the execution provider and, for WebGPU, the adapter. */
export interface ResolvedWebDevice {
  /** `webgpu` or `wasm`. */
  readonly device: 'webgpu' | 'wasm';
  /** The adapter ONNX Runtime must use, so the limits checked are the limits in force. */
  readonly adapter?: unknown;
  /** The adapter's limits and features, for WebGPU. */
  readonly gpu?: WebGpuCapabilities;
}

/** The WebGPU adapter, or why there is none. */
async function findAdapter(
  powerPreference: string | undefined,
): Promise<{ adapter: GpuAdapterLike } | { reason: string; cause?: unknown }> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (gpu === undefined)
    return { reason: 'this browser has no navigator.gpu (WebGPU is off or unsupported)' };
  try {
    const adapter = await gpu.requestAdapter(powerPreference === undefined ? {} : { powerPreference });
    return adapter === null ? { reason: 'navigator.gpu.requestAdapter() found no adapter' } : { adapter };
  } catch (cause) {
    return { reason: 'navigator.gpu.requestAdapter() failed', cause };
  }
}

/**
 * Turns the requested device into the one sessions will use: `webgpu` needs an adapter from
 * `navigator.gpu.requestAdapter()` (else `BackendUnavailableError` listing what is available, never a
 * silent WASM fallback), `wasm` needs WebAssembly, `auto` takes WebGPU when an adapter is found.
 */
export async function resolveWebDevice(
  requested: OrtWebDevice,
  powerPreference: string | undefined,
): Promise<ResolvedWebDevice> {
  if (requested !== 'webgpu' && requested !== 'wasm' && requested !== 'auto') {
    throw new InvalidArgumentError(
      'createOrtWebBackend',
      'settings.device',
      "one of 'webgpu', 'wasm', 'auto'",
      requested,
    );
  }
  const hasWasm = typeof WebAssembly === 'object';
  const found = requested === 'wasm' ? undefined : await findAdapter(powerPreference);
  if (found !== undefined && 'adapter' in found) {
    const { limits, features } = found.adapter;
    const gpu = {
      maxBufferSize: limits.maxBufferSize,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      shaderF16: features.has('shader-f16'),
    };
    return { device: 'webgpu', adapter: found.adapter, gpu };
  }
  const available = hasWasm ? ['wasm'] : [];
  if (requested === 'webgpu' && found !== undefined && 'reason' in found) {
    throw new BackendUnavailableError(
      'webgpu',
      available,
      found.reason,
      found.cause === undefined ? undefined : { cause: found.cause },
    );
  }
  if (!hasWasm) throw new BackendUnavailableError(requested, [], 'this environment has no WebAssembly');
  return { device: 'wasm' };
}
