import { ModelLoadError } from '@sow/core';

/**
 * Thrown before a model's weights are downloaded when they cannot fit in ONNX Runtime Web's WebAssembly
 * memory: a wasm32 memory holds at most 4 GiB, and every model, on WASM and on WebGPU alike, is loaded
 * through it. A `ModelLoadError` (so `ModelLoadError.isInstance` matches) with the numbers as fields. Use
 * an fp16 export (half the bytes) or the Node backend for larger models.
 */
export class WasmMemoryLimitError extends ModelLoadError {
  /** Bytes the graph and its weights need. */
  readonly required: number;
  /** Bytes a WebAssembly (wasm32) memory can hold at most. */
  readonly available: number;

  /** `location` is the model's URL or label. */
  constructor(location: string, required: number, available: number) {
    super(
      location,
      `the graph and its weights need ${required} bytes, more than the ${available} bytes a WebAssembly ` +
        'memory can hold; use an fp16 export or the Node backend',
    );
    this.required = required;
    this.available = available;
  }
}
