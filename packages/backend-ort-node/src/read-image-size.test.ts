import { InvalidArgumentError } from '@sow/core';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { encodePng } from './encode-png.js';
import { readImageSize } from './read-image-size.js';

const gray = (width: number, height: number) => ({
  width,
  height,
  channels: 3 as const,
  data: new Uint8Array(width * height * 3).fill(90),
});

describe('readImageSize', () => {
  it('reads the size of PNGs and JPEGs (written by pngjs and jpeg-js) from the header', () => {
    expect(readImageSize(encodePng(gray(37, 23)))).toEqual({ width: 37, height: 23 });
    const rgba = { width: 300, height: 7, data: Buffer.alloc(300 * 7 * 4, 200) };
    const jpg = new Uint8Array(jpeg.encode(rgba, 80).data);
    expect(readImageSize(jpg)).toEqual({ width: 300, height: 7 });
    expect(decodeImage(jpg)).toMatchObject({ width: 300, height: 7 });
  });

  it('rejects other bytes and truncated headers with InvalidArgumentError', () => {
    expect(() => readImageSize(new Uint8Array([1, 2, 3]))).toThrow(InvalidArgumentError);
    expect(() => readImageSize(encodePng(gray(8, 8)).subarray(0, 20))).toThrow(/readable header/);
    expect(() => readImageSize(new Uint8Array([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0]))).toThrow(
      InvalidArgumentError,
    );
  });

  it('lets decodeImage refuse an image over maxPixels before decoding it', () => {
    // A valid PNG header that claims 100000 x 100000 pixels, with no data behind it.
    const header = encodePng(gray(1, 1)).slice(0, 33);
    new DataView(header.buffer).setUint32(16, 100_000);
    new DataView(header.buffer).setUint32(20, 100_000);
    expect(() => decodeImage(header, { maxPixels: 4096 * 4096 })).toThrow(
      'decodeImage: bytes must be an image of at most 16777216 pixels, got "100000x100000".',
    );
    expect(decodeImage(encodePng(gray(64, 64)), { maxPixels: 64 * 64 })).toMatchObject({ width: 64 });
  });
});
