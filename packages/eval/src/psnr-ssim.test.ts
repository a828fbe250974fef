import type { RgbImage } from '@sow/core';
import { describe, expect, it } from 'vitest';
import { psnr } from './psnr.js';
import { ssim } from './ssim.js';

const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

/** A size x size RGB image whose every byte is `value(row, col, channel)`. */
function image(size: number, value: (r: number, c: number, k: number) => number): RgbImage {
  const data = new Uint8Array(size * size * 3);
  for (let r = 0; r < size; r += 1) {
    for (let c = 0; c < size; c += 1)
      for (let k = 0; k < 3; k += 1) data[(r * size + c) * 3 + k] = value(r, c, k);
  }
  return { width: size, height: size, channels: 3, data };
}

/** A textured test image (values 40..200). */
const texture = image(32, (r, c, k) => 40 + ((r * 7 + c * 13 + k * 29) % 161));

describe('psnr', () => {
  it('is infinite for identical images', () => {
    expect(psnr(texture, texture)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is 10 log10(255^2 / c^2) for a uniform offset c', () => {
    const shifted = { ...texture, data: texture.data.map((v) => v + 10) };
    expect(psnr(texture, shifted)).toBeCloseTo(10 * Math.log10(255 ** 2 / 100), 10);
  });

  it('is 20 log10(255 / d) for +-d checkerboard noise', () => {
    const flat = image(32, () => 128);
    const noisy = image(32, (r, c) => 128 + ((r + c) % 2 === 0 ? 6 : -6));
    expect(psnr(flat, noisy)).toBeCloseTo(20 * Math.log10(255 / 6), 10);
  });

  it('rejects images of different sizes with a typed error', () => {
    expect(() =>
      psnr(
        texture,
        image(16, () => 0),
      ),
    ).toThrow(/psnr: b must be an image of a's size 32x32, got "16x16"/);
  });
});

describe('ssim', () => {
  it('is 1 for identical images', () => {
    expect(ssim(texture, texture)).toBeCloseTo(1, 12);
  });

  it('is the luminance term (2v(v+c)+C1)/(v^2+(v+c)^2+C1) for a flat image offset by c', () => {
    const v = 100;
    const c = 30;
    const expected = (2 * v * (v + c) + C1) / (v * v + (v + c) ** 2 + C1);
    expect(
      ssim(
        image(24, () => v),
        image(24, () => v + c),
      ),
    ).toBeCloseTo(expected, 10);
  });

  it('matches the closed form for +-d checkerboard noise on a flat image', () => {
    // With the separable Gaussian window g (11 taps, sigma 1.5), the window mean of the checkerboard
    // s = (-1)^(row+col) is m = +-e^2, e = sum_k g_k (-1)^k; its window variance is 1 - e^4.
    const g = Array.from({ length: 11 }, (_, k) => Math.exp(-((k - 5) ** 2) / (2 * 1.5 ** 2)));
    const total = g.reduce((a, b) => a + b, 0);
    const e = g.reduce((a, gk, k) => a + (gk / total) * (k % 2 === 0 ? 1 : -1), 0);
    const v = 128;
    const d = 20;
    const term = (m: number) =>
      ((2 * v * (v + d * m) + C1) * C2) / ((v * v + (v + d * m) ** 2 + C1) * (d * d * (1 - e ** 4) + C2));
    // 32x32 gives 22x22 windows: as many with m = +e^2 as with m = -e^2.
    const expected = (term(e * e) + term(-e * e)) / 2;
    const noisy = image(32, (r, col) => v + ((r + col) % 2 === 0 ? d : -d));
    expect(
      ssim(
        image(32, () => v),
        noisy,
      ),
    ).toBeCloseTo(expected, 10);
  });

  it('rejects images smaller than its window', () => {
    expect(() =>
      ssim(
        image(8, () => 0),
        image(8, () => 0),
      ),
    ).toThrow(/ssim: a must be an image at least 11x11/);
  });
});
