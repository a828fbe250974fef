import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkGenerationSize } from '../sd/check-generation-size.js';

/** Settings of a text-to-image run; every field has a frozen default in {@link DEFAULT_TXT2IMG_CONFIG}. */
export interface Txt2ImgConfig {
  /** DDIM denoising steps (UNet calls). Integer ≥ 1; default 50. */
  readonly steps: number;
  /**
   * Classifier-free guidance scale w in `uncond + w·(cond − uncond)`. Unitless, ≥ 0; default 7.5. At 1 or
   * below guidance is off and each step runs the UNet on the prompt alone (batch 1).
   */
  readonly guidanceScale: number;
  /** DDIM stochasticity η: 0 is deterministic DDIM, 1 is DDPM-like. Unitless, ≥ 0; default 0. */
  readonly eta: number;
  /** Image width in pixels, a multiple of 8, at least 64; default 512. */
  readonly width: number;
  /** Image height in pixels, a multiple of 8, at least 64; default 512. */
  readonly height: number;
}

/** Defaults of {@link Txt2ImgConfig}: SD 2.1-base at 512², 50 DDIM steps, guidance 7.5, η = 0. */
export const DEFAULT_TXT2IMG_CONFIG: Txt2ImgConfig = Object.freeze({
  steps: 50,
  guidanceScale: 7.5,
  eta: 0,
  width: 512,
  height: 512,
});

/**
 * Fills the defaults of a text-to-image config and validates every field once, at the API boundary (the
 * pipeline calls it before any model runs; a job queue calls it before accepting a request).
 * @param overrides - Fields to use instead of {@link DEFAULT_TXT2IMG_CONFIG}'s; other properties are ignored.
 * @param fn - The function named in errors; default `'Txt2ImgPipeline.generate'`.
 * @throws InvalidArgumentError naming the bad field (`steps`, `guidanceScale`, `eta`, `width`, `height`).
 * @example
 * const config = resolveTxt2ImgConfig({ steps: 25, width: 768, height: 512 });
 */
export function resolveTxt2ImgConfig(
  overrides: Partial<Txt2ImgConfig>,
  fn = 'Txt2ImgPipeline.generate',
): Txt2ImgConfig {
  const config = {
    steps: overrides.steps ?? DEFAULT_TXT2IMG_CONFIG.steps,
    guidanceScale: overrides.guidanceScale ?? DEFAULT_TXT2IMG_CONFIG.guidanceScale,
    eta: overrides.eta ?? DEFAULT_TXT2IMG_CONFIG.eta,
    width: overrides.width ?? DEFAULT_TXT2IMG_CONFIG.width,
    height: overrides.height ?? DEFAULT_TXT2IMG_CONFIG.height,
  };
  if (!Number.isInteger(config.steps) || config.steps < 1) {
    throw new InvalidArgumentError(fn, 'steps', 'an integer ≥ 1', config.steps);
  }
  if (!Number.isFinite(config.guidanceScale) || config.guidanceScale < 0) {
    throw new InvalidArgumentError(fn, 'guidanceScale', 'a finite number ≥ 0', config.guidanceScale);
  }
  if (!Number.isFinite(config.eta) || config.eta < 0) {
    throw new InvalidArgumentError(fn, 'eta', 'a finite number ≥ 0', config.eta);
  }
  checkGenerationSize(fn, config.width, config.height);
  return Object.freeze(config);
}
