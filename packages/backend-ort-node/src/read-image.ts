import { open } from 'node:fs/promises';
import { InvalidArgumentError, type RgbImage } from '@sow/core';
import { type DecodeImageOptions, decodeImage } from './decode-image.js';

/** Options of {@link readImage}. */
export interface ReadImageOptions extends DecodeImageOptions {
  /** Largest file read, in bytes; larger files are refused before reading. Default 256 MiB. */
  readonly maxBytes?: number;
}

/**
 * Reads a PNG or JPEG file into an 8-bit {@link RgbImage} (see {@link decodeImage}, which checks the
 * header and the pixel limit before decompressing). Files over `maxBytes` are refused before they are
 * read. A missing, unreadable or refused file rejects with `InvalidArgumentError` naming the path.
 * @example
 * const image = await readImage('inputs/face.png');
 */
export async function readImage(path: string, options: ReadImageOptions = {}): Promise<RgbImage> {
  const { maxBytes = 256 * 2 ** 20, ...decode } = options;
  let bytes: Buffer;
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      if (size > maxBytes) {
        throw new InvalidArgumentError(
          'readImage',
          'path',
          `a file of at most ${maxBytes} bytes`,
          `${path} (${size} bytes)`,
        );
      }
      bytes = await file.readFile();
    } finally {
      await file.close();
    }
  } catch (cause) {
    if (InvalidArgumentError.isInstance(cause)) throw cause;
    throw new InvalidArgumentError('readImage', 'path', 'a readable image file', path, { cause });
  }
  return decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), decode);
}
