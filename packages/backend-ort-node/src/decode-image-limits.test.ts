import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_IMAGE_PIXELS, InvalidArgumentError, readImageHeader } from '@sow/core';
import { jpegBomb, mutateBytes, pngBomb } from '@sow/test-kit';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { encodePng } from './encode-png.js';
import { readImage } from './read-image.js';

/** The error `decodeImage` throws for `bytes`, checked to be an `InvalidArgumentError` on `bytes`. */
function refusal(bytes: Uint8Array, maxPixels?: number): InvalidArgumentError {
  try {
    decodeImage(bytes, maxPixels === undefined ? {} : { maxPixels });
  } catch (error) {
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ fn: 'decodeImage', argument: 'bytes' });
    return error as InvalidArgumentError;
  }
  throw new Error('expected a refusal');
}

describe('decodeImage refuses images from strangers before decompressing them', () => {
  it('decodes the crafted files at a small size (they are real images)', () => {
    const png = decodeImage(pngBomb(50, 40));
    expect(png).toMatchObject({ width: 50, height: 40, channels: 3 });
    expect(png.data.every((v) => v === 0)).toBe(true);
    const jpg = decodeImage(jpegBomb(48, 32));
    expect(jpg).toMatchObject({ width: 48, height: 32, channels: 3 });
    expect(new Set(jpg.data).size).toBe(1); // flat blocks: one grey level
  });

  it('refuses a PNG and a JPEG that declare 30000×30000 pixels, from their headers', () => {
    for (const [bomb, format] of [
      [pngBomb(30000, 30000), 'PNG'],
      [jpegBomb(30000, 30000), 'JPEG'],
    ] as const) {
      const error = refusal(bomb);
      expect(error.message).toContain(`at most ${DEFAULT_MAX_IMAGE_PIXELS} pixels`);
      expect(error.message).toContain(`30000×30000 ${format}`);
    }
    expect(refusal(pngBomb(100, 100), 99 * 100).message).toContain('a 100×100 PNG (10000 pixels)');
  });

  it('refuses zero sizes, truncated files and encodings the decoders do not handle', () => {
    expect(refusal(pngBomb(0, 10)).message).toContain('at least 1×1');
    expect(refusal(jpegBomb(16, 0)).message).toContain('at least 1×1');
    const png = encodePng({ width: 8, height: 8, channels: 3, data: new Uint8Array(192).fill(9) });
    expect(refusal(png.subarray(0, png.length - 20)).message).toContain('a truncated file');
    // Bytes after IEND are not truncation (browsers decode such files; pngjs refuses them later).
    expect(readImageHeader(new Uint8Array([...png, 0, 1, 2, 3]))).toMatchObject({ width: 8, height: 8 });
    const jpg = jpegBomb(64, 64);
    expect(refusal(jpg.subarray(0, jpg.length - 10)).message).toContain('a truncated file');
    expect(refusal(jpg.subarray(0, 12)).message).toContain('frame header');
    expect(refusal(jpegBomb(64, 64, 12)).message).toContain('a 12-bit JPEG');
    const lossless = jpegBomb(64, 64);
    lossless[lossless.indexOf(0xc0, 2)] = 0xc3;
    expect(refusal(lossless).message).toContain('lossless, hierarchical or arithmetic-coded');
    const badDepth = pngBomb(4, 4);
    badDepth[24] = 3; // bit depth 3 does not exist
    expect(refusal(badDepth).message).toContain('bit depth 3');
  });

  it('ends every seeded mutated or truncated copy of a PNG and a JPEG in an image or an InvalidArgumentError', () => {
    const failures: string[] = [];
    const photo = { width: 24, height: 16, channels: 3 as const, data: new Uint8Array(24 * 16 * 3) };
    for (let i = 0; i < photo.data.length; i++) photo.data[i] = (i * 37) % 251;
    for (const [seed, original] of [
      [1, encodePng(photo)],
      [2, jpegBomb(24, 16)],
    ] as const) {
      for (const { bytes, mutation } of mutateBytes(original, seed, 300)) {
        try {
          const image = decodeImage(bytes, { maxPixels: 64 * 64 });
          if (image.data.length !== image.width * image.height * image.channels)
            failures.push(`${mutation}: size`);
        } catch (error) {
          if (!InvalidArgumentError.isInstance(error)) failures.push(`${mutation}: ${String(error)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('readImage refuses files over maxBytes before reading them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sow-image-'));
    try {
      const path = join(dir, 'big.png');
      await writeFile(path, pngBomb(64, 64));
      await expect(readImage(path, { maxBytes: 20 })).rejects.toThrow(
        /path must be a file of at most 20 bytes/,
      );
      expect((await readImage(path)).width).toBe(64);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
