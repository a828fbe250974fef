import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** The token grid of one UNet resolution level: `rows × cols` tokens, each covering `factor²` latent cells. */
export interface AttentionLevelGrid {
  /** Level index, 0 = full latent resolution. */
  readonly level: number;
  /** Downsampling factor from the latent grid, 2^level. */
  readonly factor: number;
  /** Token rows at this level. */
  readonly rows: number;
  /** Token columns at this level. */
  readonly cols: number;
}

/**
 * The token grids of every UNet resolution level for a latent of `rows × cols`: level 0 is the latent grid
 * and each next level halves it rounding up (a stride-2, padding-1 convolution, as Stable Diffusion's
 * downsamplers do), down to 1×1. Self-attention with S tokens runs at the level whose `rows·cols` is S;
 * the counts strictly decrease, which is what the patched graph uses to find its level.
 * @throws InvalidArgumentError when a size is not a positive integer.
 * @example
 * attentionLevelGrids(64, 64).map((g) => g.rows); // [64, 32, 16, 8, 4, 2, 1]
 */
export function attentionLevelGrids(rows: number, cols: number): AttentionLevelGrid[] {
  for (const [name, v] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new InvalidArgumentError('attentionLevelGrids', name, 'a positive integer', v);
    }
  }
  const grids: AttentionLevelGrid[] = [];
  let r = rows;
  let c = cols;
  for (let level = 0; ; level += 1) {
    grids.push({ level, factor: 2 ** level, rows: r, cols: c });
    if (r === 1 && c === 1) return grids;
    r = Math.ceil(r / 2);
    c = Math.ceil(c / 2);
  }
}
