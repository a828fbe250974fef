import { checkRgbImage, InvalidArgumentError, type RgbImage } from '@sow/core';
import { PNG } from 'pngjs';

const FN = 'encodePng';

/**
 * Encodes an 8-bit RGB or RGBA image as PNG bytes (lossless, so decoding gives the same pixels back).
 * Node only; use it to save a pipeline's result.
 * @example
 * const png = encodePng(result.image);
 */
export function encodePng(image: RgbImage): Uint8Array {
  checkEncodable(image);
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

/** Core's {@link checkRgbImage}, with a wrong byte count reported as the byte count `image.data` must have. */
function checkEncodable(image: RgbImage): void {
  try {
    checkRgbImage(FN, 'image', image);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError) || error.argument !== 'image.data.length') throw error;
    const bytes = image.width * image.height * image.channels;
    throw new InvalidArgumentError(
      FN,
      'image.data',
      `a Uint8Array of ${bytes} bytes (height x width x channels)`,
      image.data,
      { cause: error },
    );
  }
}
