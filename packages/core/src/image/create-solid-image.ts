import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkImageSize, type RgbImage } from './rgb-image.js';

/**
 * Creates an RGB image filled with one colour; use it for the gray (128, 128, 128) canvas COW pastes
 * its seed onto.
 * @see ../shared/spec/algorithm.md section 3.2 (seed initialisation)
 * @example
 * const canvas = createSolidImage(512, 512, [128, 128, 128]);
 */
export function createSolidImage(
  width: number,
  height: number,
  color: readonly [number, number, number],
): RgbImage {
  checkImageSize('createSolidImage', 'width', width);
  checkImageSize('createSolidImage', 'height', height);
  if (!Array.isArray(color) || color.length !== 3) {
    throw new InvalidArgumentError('createSolidImage', 'color', 'an [r, g, b] array', color);
  }
  color.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new InvalidArgumentError('createSolidImage', `color[${i}]`, 'an integer in [0, 255]', v);
    }
  });
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(color, i);
  return { width, height, channels: 3, data };
}
