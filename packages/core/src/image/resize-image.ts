import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { resizeBilinear } from '../tensor/resize-bilinear.js';
import { resizeNearest } from '../tensor/resize-nearest.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import { checkImageSize, checkRgbImage, type RgbImage } from './rgb-image.js';

/** How {@link resizeImage} samples: PyTorch-style bilinear (`align_corners=False`) or nearest. */
export type ImageResizeMode = 'bilinear' | 'nearest';

/**
 * Resizes an 8-bit image to `width` x `height` (aspect ratio not kept), keeping its channel count;
 * use it to fit a condition image or mask to the seed size. Sampling follows {@link resizeBilinear}
 * (no antialiasing, so strong shrinking aliases) or {@link resizeNearest}; results are rounded.
 * @example
 * const seed = resizeImage(photo, 256, 256, 'bilinear');
 */
export function resizeImage(
  img: RgbImage,
  width: number,
  height: number,
  mode: ImageResizeMode = 'bilinear',
): RgbImage {
  checkRgbImage('resizeImage', 'img', img);
  checkImageSize('resizeImage', 'width', width);
  checkImageSize('resizeImage', 'height', height);
  if (mode !== 'bilinear' && mode !== 'nearest') {
    throw new InvalidArgumentError('resizeImage', 'mode', "'bilinear' or 'nearest'", mode);
  }
  const { channels } = img;
  const plane = img.width * img.height;
  const planes = new Float32Array(channels * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < channels; c++) planes[c * plane + p] = img.data[p * channels + c]!;
  }
  const t: Float32Tensor = { dtype: 'float32', shape: [channels, img.height, img.width], data: planes };
  const resized = mode === 'bilinear' ? resizeBilinear(t, height, width) : resizeNearest(t, height, width);
  const outPlane = width * height;
  const data = new Uint8Array(channels * outPlane);
  for (let p = 0; p < outPlane; p++) {
    for (let c = 0; c < channels; c++) {
      const v = Math.round(resized.data[c * outPlane + p]!);
      data[p * channels + c] = Math.min(Math.max(v, 0), 255);
    }
  }
  return { width, height, channels, data };
}
