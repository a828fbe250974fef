import { ModelLoadError } from '@sow/core';

/**
 * Thrown before a model is loaded on WebGPU when it needs an adapter feature the adapter lacks, such as
 * `shader-f16` for a model that uses float16 (ONNX Runtime Web would otherwise return zeros silently).
 * A `ModelLoadError`, so `ModelLoadError.isInstance` matches. Use the WASM device or a float32 export.
 */
export class WebGpuFeatureError extends ModelLoadError {
  /** The missing WebGPU feature, e.g. `shader-f16`. */
  readonly feature: string;

  /** `location` is the model's URL or label; `why` says what in the model needs the feature. */
  constructor(location: string, feature: string, why: string) {
    super(
      location,
      `${why}, and this WebGPU adapter lacks the '${feature}' feature; use the wasm device or a float32 export`,
    );
    this.feature = feature;
  }
}
