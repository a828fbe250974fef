import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createSolidImage } from '../image/create-solid-image.js';
import { dropAlpha } from '../image/drop-alpha.js';
import { maskFromImage } from '../image/mask-from-image.js';
import { pasteImage } from '../image/paste-image.js';
import { pillowBilevel } from '../image/pillow-convert.js';
import { pillowResize } from '../image/pillow-resize.js';
import { resizeImage } from '../image/resize-image.js';
import { checkRgbImage, type RgbImage } from '../image/rgb-image.js';
import { resizeNearest } from '../tensor/resize-nearest.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import type { CowConfig } from './cow-config.js';
import type { CowRegion } from './replace-region.js';

/** Inputs of {@link createCowSeed}. */
export interface CreateCowSeedArgs {
  /** The visual condition, RGB or RGBA (alpha ignored), any size; resized to the box. */
  readonly image: RgbImage;
  /** Optional keep-mask with the image's aspect ratio; polarity per `config.maskPolarity`. */
  readonly mask?: RgbImage;
  /** Resolved config: box, canvas size, background colour and mask polarity are read. */
  readonly config: CowConfig;
  /** Function name used in error messages. Default `'createCowSeed'`. */
  readonly fn?: string;
}

/** The seed of a COW run: the pixels to encode and where the condition sits in latent space. */
export interface CowSeed {
  /** Box-sized RGB image: the condition where the mask keeps it, the background colour elsewhere. */
  readonly seedImage: RgbImage;
  /** Canvas-sized RGB image: background colour with the seed image pasted at the box. */
  readonly canvasImage: RgbImage;
  /** Box-sized pixel keep-mask `[1, 1, h, w]` (1 = condition). */
  readonly keepMask: Float32Tensor;
  /** The condition region in the canvas latent (offset in latent cells, mask at 1/8 resolution). */
  readonly region: CowRegion;
}

/**
 * Checks the condition image and its optional keep-mask as {@link createCowSeed} does, without building
 * the seed: both valid images, the mask with the image's aspect ratio (within a pixel). For validating a
 * request before the work is queued.
 * @throws InvalidArgumentError naming `image` or `mask`.
 * @example
 * checkCowSeedInputs('enqueue', face, mask);
 */
export function checkCowSeedInputs(fn: string, image: RgbImage, mask?: RgbImage): void {
  checkRgbImage(fn, 'image', image);
  if (mask === undefined) return;
  checkRgbImage(fn, 'mask', mask);
  if (Math.abs(mask.width * image.height - mask.height * image.width) > Math.max(image.width, image.height)) {
    throw new InvalidArgumentError(
      fn,
      'mask',
      `an image with the condition image's aspect ratio (${image.width}x${image.height})`,
      `${mask.width}x${mask.height}`,
    );
  }
}

/**
 * Builds COW's seed: the condition resized to the box (the aspect ratio is not kept, as in the
 * reference), gray (`config.backgroundColor`) wherever the mask does not keep it, pasted on a gray canvas
 * at the box; and the latent keep-mask taking pixel (8i, 8j) of each 8x8 block (PyTorch nearest).
 * With `config.preprocessing: 'pillow'` (the `reference` preset) this is the reference code's
 * preprocessing bit for bit: image and mask resized with Pillow's default bicubic filter (`pillowResize`)
 * and the mask made 1-bit by Pillow's `convert('1')` (`pillowBilevel`, Floyd–Steinberg dithering);
 * with `'bilinear'` both are resized bilinearly and the mask is thresholded at luma 128. Mask polarity:
 * with `'black-keeps'` (default, the reference code's) black pixels of the binary mask keep the condition.
 * @see spec section 3.2
 * @example
 * const { seedImage, canvasImage, region } = createCowSeed({ image: face, mask, config: resolveCowConfig() });
 */
export function createCowSeed(args: CreateCowSeedArgs): CowSeed {
  const { image, mask, config, fn = 'createCowSeed' } = args;
  checkCowSeedInputs(fn, image, mask);
  const { x, y, width: w, height: h } = config.box;
  let keepMask: Float32Tensor = {
    dtype: 'float32',
    shape: [1, 1, h, w],
    data: new Float32Array(w * h).fill(1),
  };
  if (mask !== undefined) {
    const keep = config.maskPolarity === 'black-keeps' ? 'dark' : 'light';
    keepMask =
      config.preprocessing === 'pillow'
        ? bilevelKeepMask(pillowBilevel(pillowResize(dropAlpha(mask), w, h)), w, h, keep)
        : maskFromImage(resizeImage(mask, w, h, 'bilinear'), { keep });
  }
  const resized =
    config.preprocessing === 'pillow'
      ? pillowResize(dropAlpha(image), w, h)
      : resizeImage(image, w, h, 'bilinear');
  const [r, g, b] = config.backgroundColor;
  const data = new Uint8Array(w * h * 3);
  for (let p = 0; p < w * h; p++) {
    const kept = keepMask.data[p] === 1;
    const s = p * resized.channels;
    data[p * 3] = kept ? (resized.data[s] ?? 0) : r;
    data[p * 3 + 1] = kept ? (resized.data[s + 1] ?? 0) : g;
    data[p * 3 + 2] = kept ? (resized.data[s + 2] ?? 0) : b;
  }
  const seedImage: RgbImage = { width: w, height: h, channels: 3, data };
  const canvasImage = pasteImage(
    createSolidImage(config.canvasWidth, config.canvasHeight, [r, g, b]),
    seedImage,
    x,
    y,
  );
  const region: CowRegion = { x: x / 8, y: y / 8, mask: resizeNearest(keepMask, h / 8, w / 8) };
  return { seedImage, canvasImage, keepMask, region };
}

/** A `[1, 1, h, w]` keep-mask from a 0/255 bilevel image: 1 where it is black (`'dark'`) or white (`'light'`). */
function bilevelKeepMask(bilevel: Uint8Array, w: number, h: number, keep: 'dark' | 'light'): Float32Tensor {
  const kept = keep === 'dark' ? 0 : 255;
  return {
    dtype: 'float32',
    shape: [1, 1, h, w],
    data: Float32Array.from(bilevel, (v) => (v === kept ? 1 : 0)),
  };
}
