import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type RgbImage } from '@sow/core';
import { decodeImage } from './decode-image.js';

/**
 * Reads a PNG or JPEG file into an 8-bit {@link RgbImage} (see {@link decodeImage}). A missing or
 * unreadable file rejects with `InvalidArgumentError` naming the path.
 * @example
 * const image = await readImage('inputs/face.png');
 */
export async function readImage(path: string): Promise<RgbImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new InvalidArgumentError('readImage', 'path', 'a readable image file', path, { cause });
  }
  return decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
