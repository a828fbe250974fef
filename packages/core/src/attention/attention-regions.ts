import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Tensor } from '../tensor/tensor.js';

/** A rectangle on the latent grid, in latent cells (a pixel box divided by the VAE factor 8). */
export interface LatentBox {
  /** Left edge, latent cells from the left side. */
  readonly x: number;
  /** Top edge, latent cells from the top. */
  readonly y: number;
  /** Width in latent cells (> 0). */
  readonly width: number;
  /** Height in latent cells (> 0). */
  readonly height: number;
}

/**
 * The regions SOW's attention modulation works with, all on the full-resolution latent grid (64×64 for a
 * 512-pixel canvas): the condition keep-mask, the condition (seed) box whose centre is the condition centre,
 * and the MLLM's guiding ("related") box.
 * @see ../shared/spec/algorithm.md section 5.4 (masks at the layer's grid)
 */
export interface AttentionRegions {
  /**
   * Condition keep-mask `[h, w]` on the latent grid (float32, uint8 or bool): cells above 0.5 are the
   * condition (the keep-mask inside the seed box, not the whole box).
   */
  readonly conditionMask: Tensor;
  /** The seed box; its centre is the condition centre the decays measure from. */
  readonly conditionBox: LatentBox;
  /** The guiding box: the region that should take information from the condition. */
  readonly relatedBox: LatentBox;
}

function checkBox(fn: string, name: string, box: LatentBox, rows: number, cols: number): void {
  const { x, y, width, height } = box;
  const finite = [x, y, width, height].every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!finite || width <= 0 || height <= 0 || x < 0 || y < 0 || x + width > cols || y + height > rows) {
    throw new InvalidArgumentError(
      fn,
      name,
      `a box with positive size inside the ${cols}×${rows} latent canvas`,
      `{ x: ${x}, y: ${y}, width: ${width}, height: ${height} }`,
    );
  }
}

/**
 * Checks that the mask is a 2-D `[h, w]` tensor of a supported type and that both boxes lie inside it, and
 * returns the grid size. Call it once at the API boundary.
 * @throws InvalidArgumentError for a mask of another rank or type, or a box outside the canvas.
 * @example
 * const { rows, cols } = checkAttentionRegions('computeAttentionLevelVectors', regions);
 */
export function checkAttentionRegions(fn: string, regions: AttentionRegions): { rows: number; cols: number } {
  const mask = regions.conditionMask;
  if (mask.shape.length !== 2 || !['float32', 'uint8', 'bool'].includes(mask.dtype)) {
    throw new InvalidArgumentError(
      fn,
      'regions.conditionMask',
      'a 2-D [h, w] float32, uint8 or bool tensor',
      `${mask.dtype} [${mask.shape.join(', ')}]`,
    );
  }
  const rows = mask.shape[0]!;
  const cols = mask.shape[1]!;
  checkBox(fn, 'regions.conditionBox', regions.conditionBox, rows, cols);
  checkBox(fn, 'regions.relatedBox', regions.relatedBox, rows, cols);
  return { rows, cols };
}
