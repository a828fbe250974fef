import { checkRgbImage, InvalidArgumentError, type RgbImage } from '@sow/core';

/** Validates two images for a full-reference metric: well-formed and of the same width and height. */
export function checkSameSize(fn: string, a: RgbImage, b: RgbImage): void {
  checkRgbImage(fn, 'a', a);
  checkRgbImage(fn, 'b', b);
  if (a.width !== b.width || a.height !== b.height) {
    throw new InvalidArgumentError(
      fn,
      'b',
      `an image of a's size ${a.width}x${a.height}`,
      `${b.width}x${b.height}`,
    );
  }
}
