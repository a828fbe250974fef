import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * An 8-bit image as plain data: `height` rows of `width` pixels, each `channels` bytes (RGB or RGBA),
 * row-major, top-left first (HWC). Decoders such as pngjs and jpeg-js produce RGBA in this layout.
 */
export interface RgbImage {
  /** Width in pixels, a positive integer. */
  readonly width: number;
  /** Height in pixels, a positive integer. */
  readonly height: number;
  /** Bytes per pixel: 3 (RGB) or 4 (RGBA; alpha is read but ignored by the conversions here). */
  readonly channels: 3 | 4;
  /** `width * height * channels` bytes. */
  readonly data: Uint8Array;
}

/**
 * Validates an {@link RgbImage} at an API boundary: throws an {@link InvalidArgumentError} naming the
 * offending field (`<argument>.width`, `.height`, `.channels`, `.data`, `.data.length`) unless `img` has a
 * positive integer size, 3 or 4 channels and exactly `width * height * channels` bytes. Backends and
 * adapters use it so every package rejects malformed images with the same message.
 * @param fn - The public function to name in the message, e.g. `'encodePng'`.
 * @param argument - The argument path to name, e.g. `'image'`.
 * @param img - The value to check.
 * @example
 * checkRgbImage('encodePng', 'image', image);
 */
export function checkRgbImage(fn: string, argument: string, img: RgbImage): void {
  if (img === null || typeof img !== 'object') {
    throw new InvalidArgumentError(fn, argument, 'an image { width, height, channels, data }', img);
  }
  checkImageSize(fn, `${argument}.width`, img.width);
  checkImageSize(fn, `${argument}.height`, img.height);
  if (img.channels !== 3 && img.channels !== 4) {
    throw new InvalidArgumentError(fn, `${argument}.channels`, '3 or 4', img.channels);
  }
  if (!(img.data instanceof Uint8Array)) {
    throw new InvalidArgumentError(fn, `${argument}.data`, 'a Uint8Array', img.data);
  }
  const n = img.width * img.height * img.channels;
  if (img.data.length !== n) {
    throw new InvalidArgumentError(
      fn,
      `${argument}.data.length`,
      `${n} (width * height * channels = ${img.width} * ${img.height} * ${img.channels})`,
      img.data.length,
    );
  }
}

/** Throws unless `value` is a positive integer image dimension. */
export function checkImageSize(fn: string, argument: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(fn, argument, 'a positive integer', value);
  }
}
