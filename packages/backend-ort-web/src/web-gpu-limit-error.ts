import { ModelLoadError } from '@sow/core';

/**
 * Thrown before a model is loaded on WebGPU when one of its weight tensors is larger than the adapter can
 * hold in one buffer; a `ModelLoadError` (so `ModelLoadError.isInstance` matches) with the numbers as fields.
 * Use the WASM device, an fp16 export, or a GPU with larger limits.
 */
export class WebGpuLimitError extends ModelLoadError {
  /** Name of the initializer that does not fit. */
  readonly tensor: string;
  /** Bytes that initializer needs. */
  readonly required: number;
  /** Name of the adapter limit it exceeds (`maxBufferSize` or `maxStorageBufferBindingSize`). */
  readonly limit: string;
  /** Value of that limit on this adapter, in bytes. */
  readonly available: number;

  /** `location` is the model's URL or label. */
  constructor(location: string, tensor: string, required: number, limit: string, available: number) {
    super(
      location,
      `weight '${tensor}' needs ${required} bytes in one GPU buffer, more than this WebGPU adapter's ` +
        `${limit} (${available} bytes); use the wasm device or a smaller (e.g. fp16) export`,
    );
    this.tensor = tensor;
    this.required = required;
    this.limit = limit;
    this.available = available;
  }
}
