import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkData } from './check-tensor.js';
import { float16ToFloat32, float32ToFloat16 } from './float16.js';
import type { Float32Tensor, Tensor } from './tensor.js';

/** The floating-point dtypes {@link castTensor} converts between. */
export type FloatDType = 'float32' | 'float16';

/**
 * Converts a tensor of any dtype to float32: float16 bits are decoded, integers and booleans converted
 * by value (int64 through `Number`, exact up to 2^53). A float32 tensor is returned as is (tensors are
 * treated as immutable). Use it on model outputs whose dtype depends on the export.
 * @example
 * const latents = toFloat32(outputs.latent_sample);
 */
export function toFloat32(t: Tensor): Float32Tensor {
  checkData('toFloat32', 't', t);
  switch (t.dtype) {
    case 'float32':
      return t as Float32Tensor;
    case 'float16':
      return { dtype: 'float32', shape: [...t.shape], data: float16ToFloat32(t.data as Uint16Array) };
    case 'int64':
      return {
        dtype: 'float32',
        shape: [...t.shape],
        data: Float32Array.from(t.data as BigInt64Array, (v) => Number(v)),
      };
    case 'int32':
    case 'uint8':
    case 'bool':
      return { dtype: 'float32', shape: [...t.shape], data: Float32Array.from(t.data as ArrayLike<number>) };
    default:
      throw new InvalidArgumentError('toFloat32', 't.dtype', 'a known dtype', (t as Tensor).dtype);
  }
}

/**
 * Converts a float32 or float16 tensor to `dtype` (float16 rounds to nearest, ties to even); use it at
 * the boundary of fp16 model graphs. A tensor already of that dtype is returned as is.
 * @example
 * const feed = castTensor(latents, 'float16');
 */
export function castTensor(t: Tensor<FloatDType>, dtype: 'float16'): Tensor<'float16'>;
export function castTensor(t: Tensor<FloatDType>, dtype: 'float32'): Float32Tensor;
export function castTensor(t: Tensor<FloatDType>, dtype: FloatDType): Tensor<FloatDType>;
export function castTensor(t: Tensor<FloatDType>, dtype: FloatDType): Tensor<FloatDType> {
  checkData('castTensor', 't', t);
  if (t.dtype !== 'float32' && t.dtype !== 'float16') {
    throw new InvalidArgumentError('castTensor', 't.dtype', "'float32' or 'float16'", t.dtype);
  }
  if (dtype !== 'float32' && dtype !== 'float16') {
    throw new InvalidArgumentError('castTensor', 'dtype', "'float32' or 'float16'", dtype);
  }
  if (t.dtype === dtype) return t;
  if (dtype === 'float16') {
    return { dtype, shape: [...t.shape], data: float32ToFloat16(t.data as Float32Array) };
  }
  return { dtype, shape: [...t.shape], data: float16ToFloat32(t.data as Uint16Array) };
}
