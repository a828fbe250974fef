import { ModelIOError } from '../errors/model-io-error.js';
import { createTensor, type DType, type Tensor } from '../tensor/tensor.js';
import type { TensorInfo } from './backend.js';

/** The part of a runtime's input/output metadata the library reads (ONNX Runtime's `ValueMetadata`). */
export interface RuntimeValueMetadata {
  /** Input or output name. */
  readonly name: string;
  /** False for sequences and maps. */
  readonly isTensor: boolean;
  /** Element type name, e.g. `float32` (present when `isTensor`). */
  readonly type?: string;
  /** Dimensions: numbers, symbolic names, or `''` for an unnamed free dimension. */
  readonly shape?: readonly (number | string)[];
}

/** The part of a runtime tensor the library reads (ONNX Runtime's `Tensor`). */
export interface RuntimeTensorLike {
  /** The tensor's typed array. */
  readonly data: unknown;
  /** The tensor's dimensions. */
  readonly dims: readonly number[];
}

const KNOWN_DTYPES: ReadonlySet<string> = new Set<DType>([
  'float32',
  'float16',
  'int32',
  'int64',
  'uint8',
  'bool',
]);

/**
 * Converts a runtime's metadata of one input or output to core's {@link TensorInfo}, for backend authors:
 * element types the library does not handle become `'unknown'`, symbolic dimensions keep their names and
 * unnamed free dimensions become `null`.
 * @example
 * const inputs = session.inputMetadata.map(tensorInfoFromRuntime);
 */
export function tensorInfoFromRuntime(meta: RuntimeValueMetadata): TensorInfo {
  if (!meta.isTensor) return { name: meta.name, dtype: 'unknown', shape: [] };
  const dtype = meta.type !== undefined && KNOWN_DTYPES.has(meta.type) ? (meta.type as DType) : 'unknown';
  const shape = (meta.shape ?? []).map((d) => (typeof d === 'number' ? d : d === '' ? null : d));
  return { name: meta.name, dtype, shape };
}

/**
 * Wraps a runtime output as a core tensor sharing its memory (no copy), for backend authors. `dtype` is
 * the type core knows the output by. Half floats always come back as raw bits in a `Uint16Array`, also
 * where the runtime returns a `Float16Array`.
 * @example
 * const out = tensorFromRuntime(results.out_sample, 'float32');
 */
export function tensorFromRuntime(tensor: RuntimeTensorLike, dtype: DType): Tensor {
  const data = tensor.data as ArrayBufferView;
  const values =
    dtype === 'float16' && !(data instanceof Uint16Array)
      ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2)
      : (data as Tensor['data']);
  return createTensor(dtype, tensor.dims, values);
}

/**
 * Wraps every output of a runtime's run as core tensors by name, in the order of `outputs` (whose element
 * types {@link checkOutputTypes} has accepted), sharing memory as {@link tensorFromRuntime} does.
 * @example
 * return tensorsFromRuntime(this.outputs, await ortSession.run(ortFeeds));
 */
export function tensorsFromRuntime(
  outputs: readonly TensorInfo[],
  results: Readonly<Record<string, RuntimeTensorLike>>,
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const info of outputs) {
    const value = results[info.name];
    if (value === undefined || info.dtype === 'unknown') {
      throw new ModelIOError(
        info.name,
        [info.name],
        [],
        'the runtime returned no tensor of a known type for it',
      );
    }
    out[info.name] = tensorFromRuntime(value, info.dtype);
  }
  return out;
}
