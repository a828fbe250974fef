/**
 * The WebGPU adapter limits that decide whether a model fits, in bytes. ONNX Runtime Web requests a
 * device with the adapter's own values, so these are the real ceilings for one weight or activation.
 * @see ../shared/spec/onnx-models.md sections 0.7 and 3.4
 */
export interface WebGpuLimits {
  /** Largest GPU buffer the adapter can create (`maxBufferSize`), in bytes. */
  readonly maxBufferSize: number;
  /** Largest storage buffer one shader can bind (`maxStorageBufferBindingSize`), in bytes. */
  readonly maxStorageBufferBindingSize: number;
}
