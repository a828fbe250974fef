import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * Default pixel limit of image decoding: 8192 × 8192 = 67,108,864 pixels (about 268 MB as RGBA). Like
 * Pillow's decompression-bomb guard (89.5 megapixels), it refuses images that declare more pixels than any
 * condition image needs, before they are decompressed.
 */
export const DEFAULT_MAX_IMAGE_PIXELS = 8192 * 8192;

/** What a PNG or JPEG file declares in its header, read without decompressing anything. */
export interface ImageHeader {
  /** The container format. */
  readonly format: 'png' | 'jpeg';
  /** Declared width in pixels. */
  readonly width: number;
  /** Declared height in pixels. */
  readonly height: number;
  /** Bits per sample (PNG bit depth, JPEG precision). */
  readonly bitDepth: number;
  /** Colour channels: PNG 1 (grey or palette), 2, 3 or 4; JPEG components 1, 3 or 4 (CMYK). */
  readonly channels: number;
}

/** Options of {@link readImageHeader}. */
export interface ReadImageHeaderOptions {
  /** Most pixels (width × height) accepted; default {@link DEFAULT_MAX_IMAGE_PIXELS}. */
  readonly maxPixels?: number;
  /** The function named in errors; default `readImageHeader`. */
  readonly fn?: string;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_CHANNELS: Readonly<Record<number, { channels: number; depths: readonly number[] }>> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};
/** JPEG start-of-frame markers the decoders handle: baseline, extended and progressive Huffman DCT. */
const JPEG_SOF_SUPPORTED = new Set([0xc0, 0xc1, 0xc2]);
/** Other start-of-frame markers: lossless, hierarchical, arithmetic-coded. */
const JPEG_SOF_OTHER = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Reads a big-endian unsigned integer of `size` bytes at `at`. */
function uint(bytes: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + (bytes[at + i] ?? 0);
  return value;
}

/** The header of a PNG: its IHDR chunk, which must come first; and an IEND chunk must end the file. */
function pngHeader(bytes: Uint8Array, refuse: (expected: string, received: unknown) => never): ImageHeader {
  if (bytes.length < 33 || uint(bytes, 12, 4) !== 0x49484452 || uint(bytes, 8, 4) !== 13) {
    refuse('a PNG starting with its IHDR chunk', `${bytes.length} bytes without one`);
  }
  const [depth = 0, colorType = 0, compression, filter, interlace] = bytes.subarray(24, 29);
  const kind = PNG_CHANNELS[colorType];
  if (
    kind === undefined ||
    !kind.depths.includes(depth) ||
    compression !== 0 ||
    filter !== 0 ||
    interlace! > 1
  ) {
    refuse(
      'a PNG with a standard colour type, bit depth and method',
      `colour type ${colorType}, bit depth ${depth}`,
    );
  }
  // A complete file ends with an IEND chunk (trailing bytes after it are tolerated): a cut download lacks it.
  if (!hasIendAfter(bytes, 33)) {
    refuse('a complete PNG (ending with its IEND chunk)', 'a truncated file');
  }
  return {
    format: 'png',
    width: uint(bytes, 16, 4),
    height: uint(bytes, 20, 4),
    bitDepth: depth,
    channels: kind.channels,
  };
}

/** True when the chunk type `IEND` occurs after `from` (searched from the end, so usually in 12 bytes). */
function hasIendAfter(bytes: Uint8Array, from: number): boolean {
  for (let i = bytes.length - 4; i >= from; i--) if (uint(bytes, i, 4) === 0x49454e44) return true;
  return false;
}

/** The header of a JPEG: its start-of-frame segment, found by walking the segments before it. */
function jpegHeader(bytes: Uint8Array, refuse: (expected: string, received: unknown) => never): ImageHeader {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) refuse('a JPEG with well-formed segments', `byte ${bytes[at]} at offset ${at}`);
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = uint(bytes, at + 2, 2);
    if (JPEG_SOF_OTHER.has(marker)) {
      refuse('a baseline or progressive JPEG', 'a lossless, hierarchical or arithmetic-coded JPEG');
    }
    if (JPEG_SOF_SUPPORTED.has(marker)) {
      if (at + 10 > bytes.length) break;
      const precision = bytes[at + 4] ?? 0;
      const channels = bytes[at + 9] ?? 0;
      if (precision !== 8) refuse('an 8-bit JPEG', `a ${precision}-bit JPEG`);
      if (channels !== 1 && channels !== 3 && channels !== 4) {
        refuse('a JPEG with 1, 3 or 4 components', `${channels} components`);
      }
      if (!hasEndAfter(bytes, at + 2 + length)) {
        refuse('a complete JPEG (ending with its EOI marker)', 'a truncated file');
      }
      return {
        format: 'jpeg',
        width: uint(bytes, at + 7, 2),
        height: uint(bytes, at + 5, 2),
        bitDepth: precision,
        channels,
      };
    }
    if (marker === 0xda || marker === 0xd9) break; // scan or end before any frame header
    at += 2 + length;
  }
  return refuse('a JPEG with a frame header', 'none before the image data or the end of the file');
}

/** True when an EOI marker (FF D9) follows `from`: entropy-coded data never holds one, so it ends the image. */
function hasEndAfter(bytes: Uint8Array, from: number): boolean {
  for (let i = bytes.length - 2; i >= from; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

/**
 * Reads the width, height and encoding a PNG or JPEG declares, without decompressing it, and refuses what
 * should not be decoded: other formats, zero sizes, more than `maxPixels` pixels (decompression bombs),
 * encodings the decoders do not handle (12/16-bit, lossless or arithmetic-coded JPEG; non-standard PNG) and
 * truncated files (no IEND chunk or EOI marker). Runs in time linear in the file at worst and allocates
 * nothing, so call it on untrusted bytes before handing them to any decoder.
 * @throws InvalidArgumentError naming `options.fn` and `bytes`, what was expected and what was found.
 * @example
 * const { width, height } = readImageHeader(uploadBytes, { maxPixels: 4096 * 4096, fn: 'upload' });
 */
export function readImageHeader(bytes: Uint8Array, options: ReadImageHeaderOptions = {}): ImageHeader {
  const { maxPixels = DEFAULT_MAX_IMAGE_PIXELS, fn = 'readImageHeader' } = options;
  const refuse = (expected: string, received: unknown): never => {
    throw new InvalidArgumentError(fn, 'bytes', expected, received);
  };
  if (!(bytes instanceof Uint8Array)) refuse('a Uint8Array', bytes);
  let header: ImageHeader;
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) header = pngHeader(bytes, refuse);
  else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) header = jpegHeader(bytes, refuse);
  else return refuse('a PNG or JPEG file', bytes);
  const { width, height, format } = header;
  if (width === 0 || height === 0)
    refuse('an image of at least 1×1 pixels', `a ${width}×${height} ${format}`);
  if (width * height > maxPixels) {
    refuse(
      `an image of at most ${maxPixels} pixels (the maxPixels limit)`,
      `a ${width}×${height} ${format.toUpperCase()} (${width * height} pixels)`,
    );
  }
  return header;
}
