import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Element types a {@link Tensor} can hold; the names follow ONNX Runtime's. */
export type DType = 'float32' | 'float16' | 'int32' | 'int64' | 'uint8' | 'bool';

/** The typed array behind each {@link DType}; float16 is stored as raw IEEE half bits. */
export interface TensorDataMap {
  /** 32-bit floats. */
  float32: Float32Array;
  /** IEEE 754 half-precision bit patterns. */
  float16: Uint16Array;
  /** 32-bit signed integers. */
  int32: Int32Array;
  /** 64-bit signed integers. */
  int64: BigInt64Array;
  /** 8-bit unsigned integers (pixels). */
  uint8: Uint8Array;
  /** Booleans as 0/1 bytes. */
  bool: Uint8Array;
}

/**
 * A dense row-major tensor as plain data: element type, dimensions and a typed array.
 * Backends wrap `data` without copying; math in this library is free functions over it.
 */
export interface Tensor<D extends DType = DType> {
  /** Element type. */
  readonly dtype: D;
  /** Dimensions, outermost first (NCHW for images and latents). */
  readonly shape: readonly number[];
  /** Elements in row-major order; its length is the product of `shape`. */
  readonly data: TensorDataMap[D];
}

/** A float32 tensor, the type every algorithm function works on. */
export type Float32Tensor = Tensor<'float32'>;

const CONSTRUCTORS = {
  float32: Float32Array,
  float16: Uint16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  bool: Uint8Array,
} as const;

/** Number of elements of a shape: the product of its dimensions (1 for a scalar `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Creates a tensor, checking that the shape is made of non-negative integers and that the data length
 * matches. Without `data` it allocates zeros; plain number arrays are converted to the dtype's array.
 * @example
 * const x = createTensor('float32', [1, 4, 64, 64]);
 */
export function createTensor<D extends DType>(
  dtype: D,
  shape: readonly number[],
  data?: TensorDataMap[D] | readonly number[],
): Tensor<D> {
  const Ctor = CONSTRUCTORS[dtype] as unknown as { new (n: number | ArrayLike<number>): TensorDataMap[D] };
  if (Ctor === undefined) {
    throw new InvalidArgumentError(
      'createTensor',
      'dtype',
      `one of ${Object.keys(CONSTRUCTORS).join(', ')}`,
      dtype,
    );
  }
  shape.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0) {
      throw new InvalidArgumentError('createTensor', `shape[${i}]`, 'a non-negative integer', d);
    }
  });
  const n = sizeOf(shape);
  let values: TensorDataMap[D];
  if (data === undefined) {
    values = new Ctor(n);
  } else if (ArrayBuffer.isView(data)) {
    if (!(data instanceof (CONSTRUCTORS[dtype] as unknown as typeof Float32Array))) {
      throw new InvalidArgumentError(
        'createTensor',
        'data',
        `a ${CONSTRUCTORS[dtype].name} for dtype ${dtype}`,
        data,
      );
    }
    values = data as TensorDataMap[D];
  } else if (dtype === 'int64') {
    values = BigInt64Array.from(data as readonly number[], (v) => BigInt(v)) as TensorDataMap[D];
  } else {
    values = new Ctor(data as readonly number[]);
  }
  if (values.length !== n) {
    throw new InvalidArgumentError(
      'createTensor',
      'data.length',
      `${n} (the product of shape [${shape.join(', ')}])`,
      values.length,
    );
  }
  return { dtype, shape: [...shape], data: values };
}
