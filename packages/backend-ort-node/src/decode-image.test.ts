import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, type RgbImage } from '@sow/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { encodePng } from './encode-png.js';
import { readImage } from './read-image.js';
import { writePng } from './write-png.js';

/** Deterministic noise image (a 32-bit LCG), so an exact round trip has something to lose. */
function noiseImage(width: number, height: number, channels: 3 | 4, seed: number): RgbImage {
  const data = new Uint8Array(width * height * channels);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s >>> 24;
  }
  return { width, height, channels, data };
}

/** A smooth RGB image (gradients), the kind of content JPEG keeps well. */
function smoothImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = Math.round((255 * x) / (width - 1));
      data[o + 1] = Math.round((255 * y) / (height - 1));
      data[o + 2] = Math.round(128 + 100 * Math.sin((x + y) / 9));
    }
  }
  return { width, height, channels: 3, data };
}

describe('PNG', () => {
  it('round-trips RGB pixels exactly', () => {
    const image = noiseImage(37, 23, 3, 1);
    const back = decodeImage(encodePng(image));
    expect(back).toMatchObject({ width: 37, height: 23, channels: 3 });
    expect(back.data).toEqual(image.data);
  });

  it('round-trips RGBA pixels exactly, alpha included', () => {
    const image = noiseImage(16, 9, 4, 2);
    const back = decodeImage(encodePng(image));
    expect(back.channels).toBe(4);
    expect(back.data).toEqual(image.data);
  });

  it('decodes a PNG written by pngjs directly (an independent encoder) as RGB', () => {
    const png = new PNG({ width: 3, height: 2 });
    const rgba = [
      10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255, 1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255,
    ];
    png.data.set(rgba);
    const bytes = PNG.sync.write(png, { colorType: 2 });
    const image = decodeImage(new Uint8Array(bytes));
    expect(image.channels).toBe(3);
    expect([...image.data]).toEqual(rgba.filter((_, i) => i % 4 !== 3));
  });

  it('writes a file and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sow-png-'));
    try {
      const image = noiseImage(8, 8, 3, 3);
      await writePng(join(dir, 'x.png'), image);
      expect((await readImage(join(dir, 'x.png'))).data).toEqual(image.data);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('JPEG', () => {
  it('decodes a quality-95 JPEG made by jpeg-js within a small error', () => {
    const image = smoothImage(64, 48);
    const bytes = jpeg.encode({ width: 64, height: 48, data: withAlpha(image) }, 95).data;
    const back = decodeImage(new Uint8Array(bytes));
    expect(back).toMatchObject({ width: 64, height: 48, channels: 3 });
    let sum = 0;
    let max = 0;
    for (let i = 0; i < image.data.length; i++) {
      const d = Math.abs(back.data[i]! - image.data[i]!);
      sum += d;
      max = Math.max(max, d);
    }
    expect(sum / image.data.length).toBeLessThan(2);
    expect(max).toBeLessThan(24);
  });
});

/** RGB to RGBA with opaque alpha, the layout jpeg-js's encoder takes. */
function withAlpha(image: RgbImage): Uint8Array {
  const out = new Uint8Array(image.width * image.height * 4).fill(255);
  for (let p = 0, q = 0; p < image.data.length; p += 3, q += 4) out.set(image.data.subarray(p, p + 3), q);
  return out;
}

describe('bad input', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sow-img-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects formats it does not know with InvalidArgumentError', () => {
    const gif = new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000');
    expect(() => decodeImage(gif)).toThrow(InvalidArgumentError);
    expect(() => decodeImage(gif)).toThrow(/decodeImage: bytes must be a PNG or JPEG file/);
  });

  it('rejects a truncated PNG with InvalidArgumentError', () => {
    const png = encodePng(noiseImage(8, 8, 3, 4));
    expect(() => decodeImage(png.subarray(0, 40))).toThrow(InvalidArgumentError);
  });

  it('rejects a malformed image when encoding', () => {
    const bad = { width: 4, height: 4, channels: 3, data: new Uint8Array(47) } as RgbImage;
    expect(() => encodePng(bad)).toThrow(/encodePng: image\.data must be a Uint8Array of 48 bytes/);
    expect(() => encodePng({ ...bad, channels: 2 } as unknown as RgbImage)).toThrow(InvalidArgumentError);
  });

  it('names the path of a missing file', async () => {
    const path = join(dir, 'nope.png');
    await expect(readImage(path)).rejects.toThrow(path);
    await writeFile(join(dir, 'text.png'), 'not an image');
    await expect(readImage(join(dir, 'text.png'))).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
