import ndarray from 'ndarray';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { allocLike, checkData, checkMinRank } from './check-tensor.js';
import type { DType, Tensor } from './tensor.js';
import { sizeOf } from './tensor.js';

/** A rectangle on the last two axes of a tensor (x = column, y = row), in elements. */
export interface TensorRegion {
  /** Left column, an integer >= 0. */
  readonly x: number;
  /** Top row, an integer >= 0. */
  readonly y: number;
  /** Width in columns, an integer >= 1. */
  readonly width: number;
  /** Height in rows, an integer >= 1. */
  readonly height: number;
}

/**
 * Copies a rectangle of the last two axes (`[..., H, W]` → `[..., height, width]`) into a new tensor;
 * use it to take the condition square out of the canvas latents. The region must lie inside the tensor.
 * @example
 * const square = cropRegion(latents, { x: 8, y: 16, width: 32, height: 32 }); // [1, 4, 32, 32]
 */
export function cropRegion<D extends DType>(t: Tensor<D>, region: TensorRegion): Tensor<D> {
  checkData('cropRegion', 't', t);
  checkMinRank('cropRegion', 't', t, 2);
  const h = t.shape[t.shape.length - 2]!;
  const w = t.shape[t.shape.length - 1]!;
  checkRegionField('x', region?.x, 0, w - 1);
  checkRegionField('y', region.y, 0, h - 1);
  checkRegionField('width', region.width, 1, w - region.x);
  checkRegionField('height', region.height, 1, h - region.y);
  const lead = t.shape.slice(0, -2);
  const planes = sizeOf(lead);
  const { x, y, width, height } = region;
  const view = ndarray(t.data as ndarray.Data, [planes, h, w])
    .lo(0, y, x)
    .hi(planes, height, width);
  const data = allocLike(t, planes * height * width);
  for (let p = 0; p < planes; p++) {
    for (let r = 0; r < height; r++) {
      const start = view.index(p, r, 0);
      data.set(t.data.subarray(start, start + width) as never, (p * height + r) * width);
    }
  }
  return { dtype: t.dtype, shape: [...lead, height, width], data };
}

function checkRegionField(
  field: keyof TensorRegion,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (!Number.isInteger(value) || value! < min || value! > max) {
    throw new InvalidArgumentError('cropRegion', `region.${field}`, `an integer in [${min}, ${max}]`, value);
  }
}
