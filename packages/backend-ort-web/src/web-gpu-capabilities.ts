/**
 * What the backend's WebGPU adapter can hold and compute, read once when the backend is created. ONNX
 * Runtime Web requests its device with the adapter's own limits, so these are the real ceilings.
 * @see ../shared/spec/onnx-models.md sections 0.7, 2.5 and 3.4
 */
export interface WebGpuCapabilities {
  /** Largest GPU buffer the adapter can create (`maxBufferSize`), in bytes. */
  readonly maxBufferSize: number;
  /** Largest storage buffer one shader can bind (`maxStorageBufferBindingSize`), in bytes. */
  readonly maxStorageBufferBindingSize: number;
  /** Whether the adapter offers `shader-f16`, without which WebGPU cannot compute in float16. */
  readonly shaderF16: boolean;
}
