/**
 * How inversion steps map noise levels, which decides the real noise level of every stored condition
 * latent (spec section 3.5).
 * - `'reference'`: diffusers 0.17.1, the authors' environment. Inversion step with UNet label `t` moves
 *   the latent from level `t` to level `t + ratio` (the clean latent is treated as level `t_0`). The
 *   stored and re-injected latents are one step noisier than the sampler assumes.
 * - `'consistent'`: diffusers >= 0.22. Inversion step with label `t` moves from level `t - ratio` (the
 *   clean end for the first step) to level `t`, so every noise level is exact (spec section 3.7).
 */
export type CowBookkeeping = 'reference' | 'consistent';

/**
 * Which pixels of the user mask mark the condition to keep. The reference code keeps black pixels
 * (`'black-keeps'`); its shipped mask is black over the face.
 */
export type CowMaskPolarity = 'black-keeps' | 'white-keeps';

/**
 * How the condition image and the mask are brought to the box size and the mask made binary.
 * - `'pillow'`: as the reference code does it with Pillow: resize with Pillow's default filter
 *   (bicubic with antialiasing when shrinking, `pillowResize`), the mask made 1-bit with Pillow's
 *   `convert('1')` (Floyd–Steinberg dithering of its truncated luma, `pillowBilevel`), both bit-identical
 *   to Pillow 9.4.0.
 * - `'bilinear'`: bilinear resize without antialiasing (`resizeImage`) and the mask thresholded at luma
 *   128 (`maskFromImage`): no dithering noise on soft mask edges.
 */
export type CowPreprocessing = 'pillow' | 'bilinear';

/** A rectangle on the canvas in pixels: left and top edge, width and height. */
export interface CowBox {
  /** Left edge in pixels from the canvas's left side. */
  readonly x: number;
  /** Top edge in pixels from the canvas's top side. */
  readonly y: number;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

/**
 * Every algorithm setting of Cyclic One-Way Diffusion, with the released code's values as defaults.
 * Steps are addressed by **step index** `k` (0 = least noisy): with `steps` DDIM steps the UNet label
 * of index `k` is the `k`-th smallest DDIM timestep, `t_k = 100k + 1` for SD 2.1 base and 10 steps, so
 * index 7 is the paper's "700". Pixel sizes are snapped down to multiples of 8 by `resolveCowConfig`.
 * @see spec section 3.1 (code names and defaults) and 3.8 (paper settings)
 */
export interface CowConfig {
  /** Level bookkeeping of the inversion (see {@link CowBookkeeping}). Default `'reference'`. */
  readonly bookkeeping: CowBookkeeping;
  /** Number of DDIM steps T (count). Default 10. */
  readonly steps: number;
  /** Cycle band start, step index (the paper's x_{t1}, "700"; code `back_step`). Default 7. */
  readonly bandStart: number;
  /** Cycle band end, step index, below `bandStart` (the paper's x_{t2}, "500"; code `replace_step`). Default 5. */
  readonly bandEnd: number;
  /** Number of cycles through the band (count, at least 1). Default 10. */
  readonly cycles: number;
  /** DDIM eta inside the cycles (0 = deterministic, 1 = DDPM-like). Default 1. */
  readonly cycleEta: number;
  /** DDIM eta of the final stage below the band. Default 0.1. */
  readonly finalEta: number;
  /**
   * Preservation ("ID preserve") step indices, each below `bandEnd`: after the final-stage step that
   * lands on index k, the condition region is overwritten once more with the stored latent of index k.
   * Default `[4]`.
   */
  readonly preserveSteps: readonly number[];
  /** Classifier-free guidance scale of every phase, inversion included (unitless). Default 7.5. */
  readonly guidanceScale: number;
  /** Canvas width in pixels (multiple of 8). Default 512. */
  readonly canvasWidth: number;
  /** Canvas height in pixels (multiple of 8). Default 512. */
  readonly canvasHeight: number;
  /** Where the condition (the seed) is pasted on the canvas, in pixels. Default `{ x: 128, y: 0, width: 256, height: 256 }`. */
  readonly box: CowBox;
  /** Prompt for the unconditional branch of inversion and the final stage. Default `''`. */
  readonly unconditionalPrompt: string;
  /** Negative prompt of the cycles. Default `'a bad quality and low resolution image,extra fingers,deformed hands'`. */
  readonly negativePrompt: string;
  /** Prompt the cycles push away from outside the condition. Default `'human face'`. */
  readonly suppressPrompt: string;
  /** Prompt the cycles push toward outside the condition. Default `'a high quality and colorful image'`. */
  readonly diversePrompt: string;
  /** Canvas background colour, RGB 0..255. Default `[128, 128, 128]` (gray). */
  readonly backgroundColor: readonly [number, number, number];
  /** Which mask pixels keep the condition (see {@link CowMaskPolarity}). Default `'black-keeps'`. */
  readonly maskPolarity: CowMaskPolarity;
  /**
   * Resizing of image and mask and binarisation of the mask (see {@link CowPreprocessing}). Default
   * `'pillow'` (the reference code's); the other presets use `'bilinear'`.
   */
  readonly preprocessing: CowPreprocessing;
  /**
   * Whether the VAE posterior is sampled (true, as the reference code does) or its mean is used.
   * Default `true`.
   */
  readonly sampleLatents: boolean;
  /**
   * The condition square is inverted on its own; a UNet only takes latents whose sides divide by
   * 2^(down-samplings) (8 latent cells = 64 px for SD), so a box whose side is not a multiple of this is
   * padded with the background colour up to one before encoding and inverted padded; the stored latents
   * are cropped back to the box. The reference code's 256 px box needs no padding. In pixels, a multiple
   * of 8. Default 64. [deviation: the reference code has no padding and fails on such sizes]
   */
  readonly conditionPadMultiple: number;
}

/** Partial {@link CowConfig} applied over a preset; fields left out keep the preset's value. */
export type CowConfigOverrides = { readonly [K in keyof CowConfig]?: CowConfig[K] };

/**
 * The released code's settings (`wangruoyu02/COW@2943d2f`, diffusers 0.17.1): the `reference` preset.
 * @see spec section 3.1 and 3.6
 */
export const COW_REFERENCE_CONFIG: CowConfig = Object.freeze({
  bookkeeping: 'reference',
  steps: 10,
  bandStart: 7,
  bandEnd: 5,
  cycles: 10,
  cycleEta: 1,
  finalEta: 0.1,
  preserveSteps: Object.freeze([4]),
  guidanceScale: 7.5,
  canvasWidth: 512,
  canvasHeight: 512,
  box: Object.freeze({ x: 128, y: 0, width: 256, height: 256 }),
  unconditionalPrompt: '',
  negativePrompt: 'a bad quality and low resolution image,extra fingers,deformed hands',
  suppressPrompt: 'human face',
  diversePrompt: 'a high quality and colorful image',
  backgroundColor: Object.freeze([128, 128, 128]) as readonly [number, number, number],
  maskPolarity: 'black-keeps',
  preprocessing: 'pillow',
  sampleLatents: true,
  conditionPadMultiple: 64,
});
