import { InvalidArgumentError } from '@sow/core';

const FN = 'readImageSize';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height of an encoded image, in pixels. */
export interface ImageSize {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

const u16 = (b: Uint8Array, i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u32 = (b: Uint8Array, i: number): number => u16(b, i) * 65536 + u16(b, i + 2);

/** The frame size from a JPEG's first start-of-frame marker (SOF0-SOF15 except DHT, JPG, DAC). */
function jpegSize(bytes: Uint8Array): ImageSize | undefined {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1] ?? 0;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, start of scan: no frame seen
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16(bytes, i + 5), width: u16(bytes, i + 7) };
    }
    i += 2 + u16(bytes, i + 2);
  }
  return undefined;
}

/**
 * Reads the pixel size of PNG or JPEG bytes from their header alone, without decoding: bound an upload's
 * pixels before decoding it (a small file can claim a huge image).
 * @throws InvalidArgumentError when the bytes are not a PNG or JPEG with a readable header.
 * @example
 * const { width, height } = readImageSize(bytes);
 * if (width * height > 16_000_000) reject();
 */
export function readImageSize(bytes: Uint8Array): ImageSize {
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError(FN, 'bytes', 'a Uint8Array', bytes);
  }
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b) && bytes.length >= 24) {
    const ihdr = String.fromCharCode(...bytes.subarray(12, 16));
    if (ihdr === 'IHDR') return { width: u32(bytes, 16), height: u32(bytes, 20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = jpegSize(bytes);
    if (size !== undefined) return size;
  }
  throw new InvalidArgumentError(FN, 'bytes', 'a PNG or JPEG file with a readable header', bytes);
}
