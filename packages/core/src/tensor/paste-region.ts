import ndarray from 'ndarray';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { checkData, checkMinRank } from './check-tensor.js';
import type { DType, Tensor } from './tensor.js';
import { sizeOf } from './tensor.js';

/** Where {@link pasteRegion} puts the source: its top-left corner on the target's last two axes. */
export interface TensorOffset {
  /** Target column of the source's left edge, an integer >= 0. */
  readonly x: number;
  /** Target row of the source's top edge, an integer >= 0. */
  readonly y: number;
}

/**
 * Returns a copy of `target` with `source` written over the rectangle starting at `(x, y)` on the last
 * two axes; use it to put the condition latents back into the canvas. Leading dimensions and dtype
 * must match and the source must fit inside the target (no silent clipping).
 * @example
 * const canvas = pasteRegion(canvasLatents, squareLatents, { x: 8, y: 16 });
 */
export function pasteRegion<D extends DType>(
  target: Tensor<D>,
  source: Tensor<D>,
  offset: TensorOffset,
): Tensor<D> {
  checkData('pasteRegion', 'target', target);
  checkData('pasteRegion', 'source', source);
  checkMinRank('pasteRegion', 'target', target, 2);
  const rank = target.shape.length;
  const h = target.shape[rank - 2]!;
  const w = target.shape[rank - 1]!;
  if (source.dtype !== target.dtype) {
    throw new InvalidArgumentError(
      'pasteRegion',
      'source.dtype',
      `${target.dtype} (the target's)`,
      source.dtype,
    );
  }
  const lead = target.shape.slice(0, -2);
  if (source.shape.length !== rank || lead.some((d, i) => d !== source.shape[i])) {
    throw new ShapeMismatchError('pasteRegion', 'source', `[${lead.join(', ')}, h, w]`, source.shape);
  }
  const sh = source.shape[rank - 2]!;
  const sw = source.shape[rank - 1]!;
  const x = offset?.x;
  const y = offset?.y;
  if (!Number.isInteger(x) || x < 0 || x + sw > w) {
    throw new InvalidArgumentError(
      'pasteRegion',
      'offset.x',
      `an integer in [0, ${w - sw}] (source width ${sw})`,
      x,
    );
  }
  if (!Number.isInteger(y) || y < 0 || y + sh > h) {
    throw new InvalidArgumentError(
      'pasteRegion',
      'offset.y',
      `an integer in [0, ${h - sh}] (source height ${sh})`,
      y,
    );
  }
  const planes = sizeOf(lead);
  const data = target.data.slice() as Tensor<D>['data'];
  const view = ndarray(data as ndarray.Data, [planes, h, w])
    .lo(0, y, x)
    .hi(planes, sh, sw);
  for (let p = 0; p < planes; p++) {
    for (let r = 0; r < sh; r++) {
      const from = (p * sh + r) * sw;
      data.set(source.data.subarray(from, from + sw) as never, view.index(p, r, 0));
    }
  }
  return { dtype: target.dtype, shape: [...target.shape], data };
}
