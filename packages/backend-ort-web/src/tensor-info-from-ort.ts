import type { DType, TensorInfo } from '@sow/core';
import type { InferenceSession } from 'onnxruntime-web';

const KNOWN_DTYPES: ReadonlySet<string> = new Set<DType>([
  'float32',
  'float16',
  'int32',
  'int64',
  'uint8',
  'bool',
]);

/**
 * Converts ONNX Runtime Web's metadata of one input or output to core's {@link TensorInfo}: element types
 * the library does not handle become `'unknown'`, symbolic dimensions keep their names and unnamed free
 * dimensions become `null`.
 */
export function tensorInfoFromOrt(meta: InferenceSession.ValueMetadata): TensorInfo {
  if (!meta.isTensor) return { name: meta.name, dtype: 'unknown', shape: [] };
  const dtype = KNOWN_DTYPES.has(meta.type) ? (meta.type as DType) : 'unknown';
  const shape = meta.shape.map((d) => (typeof d === 'number' ? d : d === '' ? null : d));
  return { name: meta.name, dtype, shape };
}
