import { encodeModel } from './codec.js';
import { type ExternalDataOptions, externalizeInitializers } from './external-data.js';
import type { GraphBuilder, ModelOptions } from './graph-builder.js';

/**
 * Encodes the graph of a {@link GraphBuilder} as `.onnx` file bytes with all weights inline.
 * @example
 * const bytes = buildModel(g, { opset: 17 });
 * await writeFile('model.onnx', bytes);
 */
export function buildModel(builder: GraphBuilder, options: ModelOptions = {}): Uint8Array {
  return encodeModel(builder.toModel(options));
}

/** The two files of a model saved with external data. */
export interface ExternalDataFiles {
  /** Bytes of the `.onnx` file (graph and small tensors). */
  readonly model: Uint8Array;
  /** Bytes of the external data file the model's `location` entries name. */
  readonly data: Uint8Array;
}

/**
 * Encodes the graph of a {@link GraphBuilder} with its large weights in an external data file (see
 * {@link externalizeInitializers}); write `model` as `model.onnx` and `data` next to it under
 * `external.location`.
 * @example
 * const { model, data } = buildModelWithExternalData(g, { location: 'weights.pb' });
 */
export function buildModelWithExternalData(
  builder: GraphBuilder,
  external: ExternalDataOptions,
  options: ModelOptions = {},
): ExternalDataFiles {
  const split = externalizeInitializers(builder.toModel(options), external);
  return { model: encodeModel(split.model), data: split.data };
}
