import { DataType } from './constants.js';
import type { OnnxTensor } from './types.js';

/** Element types the builder writes, named as ONNX Runtime JS names them. */
export type ElementType = 'float32' | 'float16' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool' | 'float64';

/** Typed arrays accepted as tensor data; float16 is given as IEEE half bit patterns in a `Uint16Array`. */
export type TensorData =
  | Float32Array
  | Float64Array
  | Uint16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Int8Array;

const DATA_TYPES: Record<ElementType, DataType> = {
  float32: DataType.Float,
  float16: DataType.Float16,
  int32: DataType.Int32,
  int64: DataType.Int64,
  uint8: DataType.Uint8,
  int8: DataType.Int8,
  bool: DataType.Bool,
  float64: DataType.Double,
};

const BYTES: Record<ElementType, number> = {
  float32: 4,
  float16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  int8: 1,
  bool: 1,
  float64: 8,
};

/** Bytes per element of an element type (float16 counts 2). */
export function bytesPerElement(type: ElementType): number {
  return BYTES[type];
}

/** Returns the ONNX {@link DataType} number of an element type name. */
export function dataTypeOf(type: ElementType): DataType {
  return DATA_TYPES[type];
}

/** Returns the element type name of an ONNX {@link DataType} number, or `undefined` for unsupported ones. */
export function elementTypeOf(dataType: number): ElementType | undefined {
  return (Object.keys(DATA_TYPES) as ElementType[]).find((k) => DATA_TYPES[k] === dataType);
}

function toTypedArray(
  type: ElementType,
  values: TensorData | readonly number[] | readonly bigint[],
): TensorData {
  if (ArrayBuffer.isView(values)) return values;
  switch (type) {
    case 'float32':
      return Float32Array.from(values as readonly number[]);
    case 'float64':
      return Float64Array.from(values as readonly number[]);
    case 'float16':
      return Uint16Array.from(values as readonly number[]);
    case 'int32':
      return Int32Array.from(values as readonly number[]);
    case 'int64':
      return BigInt64Array.from((values as readonly (number | bigint)[]).map((v) => BigInt(v)));
    case 'int8':
      return Int8Array.from(values as readonly number[]);
    default:
      return Uint8Array.from(values as readonly number[]);
  }
}

/**
 * Builds an {@link OnnxTensor} with its elements in `rawData` (little-endian, the byte order of every
 * platform ONNX Runtime supports). Use it for initializers and tensor attributes.
 * @throws RangeError when the element count does not match `dims`.
 * @example
 * const w = createOnnxTensor('to_q.weight', 'float32', [32, 32], new Float32Array(1024));
 */
export function createOnnxTensor(
  name: string,
  type: ElementType,
  dims: readonly number[],
  values: TensorData | readonly number[] | readonly bigint[],
): OnnxTensor {
  const data = toTypedArray(type, values);
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.byteLength !== count * BYTES[type]) {
    throw new RangeError(
      `createOnnxTensor: values must hold ${count} ${type} elements for dims [${dims.join(', ')}], got ${data.byteLength / BYTES[type]}.`,
    );
  }
  const rawData = new Uint8Array(data.byteLength);
  rawData.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return { name, dataType: dataTypeOf(type), dims: [...dims], rawData };
}

/**
 * Reads the elements of an inline {@link OnnxTensor} (raw or typed fields) as a typed array of its element
 * type. Use it to inspect initializers and constants during graph surgery.
 * @throws Error when the tensor is stored externally or its element type is unsupported.
 * @example
 * const shape = readTensorData(reshapeConstant) as BigInt64Array;
 */
export function readTensorData(tensor: OnnxTensor): TensorData {
  const type = elementTypeOf(tensor.dataType ?? 0);
  if (type === undefined) throw new Error(`readTensorData: dataType ${tensor.dataType} is not supported.`);
  if (tensor.dataLocation === 1) {
    throw new Error(
      `readTensorData: tensor ${tensor.name} is stored as external data; read its file instead.`,
    );
  }
  const raw = tensor.rawData;
  if (raw !== undefined && raw.byteLength > 0) {
    const copy = new Uint8Array(raw.byteLength);
    copy.set(raw);
    const b = copy.buffer;
    const map: Record<ElementType, () => TensorData> = {
      float32: () => new Float32Array(b),
      float16: () => new Uint16Array(b),
      int32: () => new Int32Array(b),
      int64: () => new BigInt64Array(b),
      uint8: () => copy,
      int8: () => new Int8Array(b),
      bool: () => copy,
      float64: () => new Float64Array(b),
    };
    return map[type]();
  }
  switch (type) {
    case 'float32':
      return Float32Array.from(tensor.floatData ?? []);
    case 'float64':
      return Float64Array.from(tensor.doubleData ?? []);
    case 'int64':
      return BigInt64Array.from((tensor.int64Data ?? []).map((v) => BigInt(v)));
    default:
      return toTypedArray(type, tensor.int32Data ?? []);
  }
}
