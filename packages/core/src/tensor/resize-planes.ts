import ndarray, { type NdArray } from 'ndarray';
import { checkFloat32, checkInteger, checkMinRank } from './check-tensor.js';
import { createTensor, type Float32Tensor, sizeOf } from './tensor.js';

/** The validated input and the allocated output of a resize over the last two axes. */
export interface ResizePlanes {
  /** Input height (second-to-last axis). */
  readonly h: number;
  /** Input width (last axis). */
  readonly w: number;
  /** Number of `h × w` planes (the product of the leading axes). */
  readonly planes: number;
  /** The input viewed as `[planes, h, w]`. */
  readonly src: NdArray<Float32Array>;
  /** The zero-filled output `[..., height, width]`, filled plane by plane, row-major. */
  readonly out: Float32Tensor;
}

/**
 * Validates the arguments of a resize over the last two axes (`t` float32 of rank 2 or more, `height`
 * and `width` positive integers, errors naming `fn`) and returns the input as planes plus the output
 * tensor, so the resize kernels only hold their sampling rule.
 */
export function resizePlanes(fn: string, t: Float32Tensor, height: number, width: number): ResizePlanes {
  checkFloat32(fn, 't', t);
  checkMinRank(fn, 't', t, 2);
  checkInteger(fn, 'height', height, 1);
  checkInteger(fn, 'width', width, 1);
  const h = t.shape[t.shape.length - 2]!;
  const w = t.shape[t.shape.length - 1]!;
  const lead = t.shape.slice(0, -2);
  const planes = sizeOf(lead);
  return {
    h,
    w,
    planes,
    src: ndarray(t.data, [planes, h, w]),
    out: createTensor('float32', [...lead, height, width]),
  };
}
