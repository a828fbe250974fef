import { InvalidArgumentError, type RgbImage } from '@sow/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { readImageSize } from './read-image-size.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** True when `bytes` starts with `signature`. */
function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

/** Decodes PNG bytes; RGBA when the file has an alpha channel or transparency, else RGB. */
function decodePng(bytes: Uint8Array): RgbImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const rgba = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
  if (png.alpha) return { width: png.width, height: png.height, channels: 4, data: rgba };
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let p = 0, q = 0; q < rgb.length; p += 4, q += 3) {
    rgb[q] = rgba[p]!;
    rgb[q + 1] = rgba[p + 1]!;
    rgb[q + 2] = rgba[p + 2]!;
  }
  return { width: png.width, height: png.height, channels: 3, data: rgb };
}

/** Decodes baseline or progressive JPEG bytes to RGB. */
function decodeJpeg(bytes: Uint8Array): RgbImage {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return { width: img.width, height: img.height, channels: 3, data: img.data };
}

/** Options of {@link decodeImage}. */
export interface DecodeImageOptions {
  /**
   * Most pixels (width × height) the image may have, checked from the header before decoding: bounds
   * the memory an untrusted file can claim. Default: no bound.
   */
  readonly maxPixels?: number;
}

/**
 * Decodes PNG or JPEG bytes (recognised by their signature) to an 8-bit {@link RgbImage}, HWC: RGB, or RGBA
 * for PNGs with transparency. Node only. Other formats, files that fail to decode, and (with `maxPixels`)
 * images with too many pixels throw `InvalidArgumentError`.
 * @example
 * const image = decodeImage(new Uint8Array(await readFile('photo.jpg')), { maxPixels: 4096 * 4096 });
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): RgbImage {
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError('decodeImage', 'bytes', 'a Uint8Array', bytes);
  }
  if (options.maxPixels !== undefined) {
    const { width, height } = readImageSize(bytes);
    if (width * height > options.maxPixels) {
      throw new InvalidArgumentError(
        'decodeImage',
        'bytes',
        `an image of at most ${options.maxPixels} pixels`,
        `${width}x${height}`,
      );
    }
  }
  const decoder = startsWith(bytes, PNG_SIGNATURE)
    ? decodePng
    : startsWith(bytes, JPEG_SIGNATURE)
      ? decodeJpeg
      : undefined;
  if (decoder === undefined) {
    throw new InvalidArgumentError('decodeImage', 'bytes', 'a PNG or JPEG file', bytes);
  }
  try {
    return decoder(bytes);
  } catch (cause) {
    const format = decoder === decodePng ? 'PNG' : 'JPEG';
    throw new InvalidArgumentError('decodeImage', 'bytes', `a valid ${format} file`, bytes, { cause });
  }
}
