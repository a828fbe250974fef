import {
  DEFAULT_MAX_IMAGE_PIXELS,
  dropAlpha,
  InvalidArgumentError,
  type RgbImage,
  readImageHeader,
} from '@sow/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** Options of {@link decodeImage} and `readImage`. */
export interface DecodeImageOptions {
  /**
   * Most pixels (width × height) decoded; larger images are refused from their header, before any
   * decompression. Default `DEFAULT_MAX_IMAGE_PIXELS` from `@sow/core` (8192 × 8192).
   */
  readonly maxPixels?: number;
}

/** Decodes PNG bytes; RGBA when the file has an alpha channel or transparency, else RGB. */
function decodePng(bytes: Uint8Array): RgbImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const rgba = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
  const image: RgbImage = { width: png.width, height: png.height, channels: 4, data: rgba };
  return png.alpha ? image : dropAlpha(image);
}

/** Decodes baseline or progressive JPEG bytes (grey, YCbCr or CMYK) to RGB, within the pixel limit. */
function decodeJpeg(bytes: Uint8Array, maxPixels: number): RgbImage {
  const img = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    maxResolutionInMP: maxPixels / 1e6,
    maxMemoryUsageInMB: Math.max(512, (maxPixels * 8) / 2 ** 20),
  });
  return { width: img.width, height: img.height, channels: 3, data: img.data };
}

/**
 * Decodes PNG or JPEG bytes (recognised by their signature) to an 8-bit {@link RgbImage}, HWC: RGB, or RGBA
 * for PNGs with transparency. Node only. The header is checked first (core's `readImageHeader`): other
 * formats, zero sizes, images over `maxPixels`, 12/16-bit, lossless or arithmetic JPEG and truncated files
 * are refused before any decompression; files that then fail to decode throw too. Every refusal is an
 * `InvalidArgumentError` naming `bytes`, what was expected and what was found.
 * @example
 * const image = decodeImage(new Uint8Array(await readFile('photo.jpg')), { maxPixels: 4096 * 4096 });
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): RgbImage {
  const { maxPixels = DEFAULT_MAX_IMAGE_PIXELS } = options;
  const header = readImageHeader(bytes, { maxPixels, fn: 'decodeImage' });
  try {
    const image = header.format === 'png' ? decodePng(bytes) : decodeJpeg(bytes, maxPixels);
    if (image.width !== header.width || image.height !== header.height) throw new Error('size changed');
    return image;
  } catch (cause) {
    const format = header.format.toUpperCase();
    throw new InvalidArgumentError('decodeImage', 'bytes', `a valid ${format} file`, bytes, { cause });
  }
}
