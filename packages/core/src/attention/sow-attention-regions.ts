import { regionCanvasMask } from '../cow/region-canvas-mask.js';
import type { CowRegion } from '../cow/replace-region.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { SceneBox } from '../mllm/scene-plan.js';
import { createTensor } from '../tensor/tensor.js';
import type { AttentionRegions } from './attention-regions.js';
import { checkAttentionRegions } from './attention-regions.js';

/** Inputs of {@link sowAttentionRegions}. */
export interface SowAttentionRegionsArgs {
  /** The condition's place in the canvas latent (from `createCowSeed`): box offset and keep-mask. */
  readonly region: CowRegion;
  /** Canvas latent height in latent cells (pixels / 8). */
  readonly latentHeight: number;
  /** Canvas latent width in latent cells. */
  readonly latentWidth: number;
  /** The scene plan's guiding box `[x, y, width, height]` in canvas pixels. */
  readonly relatedBox: SceneBox;
}

/**
 * Builds the modulation regions of a SOW run from what COW and the scene plan already hold: the keep-mask
 * written into the canvas latent, the seed box (in latent cells) whose centre is the condition centre,
 * and the guiding box converted from pixels to latent cells (÷ 8).
 * @throws InvalidArgumentError when the guiding box leaves the canvas or the region does not fit it.
 * @see ../shared/spec/algorithm.md sections 5.4 and 5.6
 * @example
 * const regions = sowAttentionRegions({ region, latentHeight: 64, latentWidth: 64, relatedBox: plan.relatedBox });
 */
export function sowAttentionRegions(args: SowAttentionRegionsArgs): AttentionRegions {
  const fn = 'sowAttentionRegions';
  const { region, latentHeight: rows, latentWidth: cols, relatedBox } = args;
  if (!Array.isArray(relatedBox) || relatedBox.length !== 4) {
    throw new InvalidArgumentError(fn, 'relatedBox', 'an [x, y, width, height] array in pixels', relatedBox);
  }
  const mask = regionCanvasMask(region, [1, 1, rows, cols], fn);
  const [, , h = 0, w = 0] = region.mask.shape;
  const [x, y, width, height] = relatedBox.map((v) => v / 8) as [number, number, number, number];
  const regions: AttentionRegions = {
    conditionMask: createTensor('float32', [rows, cols], mask.data),
    conditionBox: { x: region.x, y: region.y, width: w, height: h },
    relatedBox: { x, y, width, height },
  };
  checkAttentionRegions(fn, regions);
  return regions;
}
