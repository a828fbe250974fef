import { writeFile } from 'node:fs/promises';
import type { RgbImage } from '@sow/core';
import { encodePng } from './encode-png.js';

/**
 * Encodes an image as PNG (see {@link encodePng}) and writes it to a file, replacing any file there.
 * @example
 * await writePng('out/result.png', result.image);
 */
export async function writePng(path: string, image: RgbImage): Promise<void> {
  await writeFile(path, encodePng(image));
}
