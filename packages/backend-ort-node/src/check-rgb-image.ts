import { InvalidArgumentError, type RgbImage } from '@sow/core';

/** Checks that an image is well formed (positive integer size, 3 or 4 channels, matching byte count). */
export function checkRgbImage(fn: string, image: RgbImage): void {
  if (typeof image !== 'object' || image === null) {
    throw new InvalidArgumentError(fn, 'image', 'an RgbImage { width, height, channels, data }', image);
  }
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || width <= 0) {
    throw new InvalidArgumentError(fn, 'image.width', 'a positive integer', width);
  }
  if (!Number.isInteger(height) || height <= 0) {
    throw new InvalidArgumentError(fn, 'image.height', 'a positive integer', height);
  }
  if (channels !== 3 && channels !== 4) {
    throw new InvalidArgumentError(fn, 'image.channels', '3 or 4', channels);
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * channels) {
    throw new InvalidArgumentError(
      fn,
      'image.data',
      `a Uint8Array of ${width * height * channels} bytes (height x width x channels)`,
      data,
    );
  }
}
