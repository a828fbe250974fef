import type { RgbImage } from '@sow/core';
import { PNG } from 'pngjs';
import { checkRgbImage } from './check-rgb-image.js';

/**
 * Encodes an 8-bit RGB or RGBA image as PNG bytes (lossless, so decoding gives the same pixels back).
 * Node only; use it to save a pipeline's result.
 * @example
 * const png = encodePng(result.image);
 */
export function encodePng(image: RgbImage): Uint8Array {
  checkRgbImage('encodePng', image);
  const colorType = image.channels === 4 ? 6 : 2;
  const png = PNG.sync.write(
    {
      width: image.width,
      height: image.height,
      data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
    } as PNG,
    { colorType, inputColorType: colorType, inputHasAlpha: image.channels === 4 },
  );
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
