import { InvalidArgumentError, type RgbImage } from '@sow/core';
import { checkSameSize } from './check-same-size.js';

/** Window size and Gaussian sigma of the standard SSIM (Wang et al. 2004). */
const WINDOW = 11;
const SIGMA = 1.5;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

/** The normalised 1-D Gaussian of the SSIM window. */
function gaussianTaps(): Float64Array {
  const taps = new Float64Array(WINDOW);
  const half = (WINDOW - 1) / 2;
  let total = 0;
  for (let i = 0; i < WINDOW; i += 1) {
    taps[i] = Math.exp(-((i - half) ** 2) / (2 * SIGMA * SIGMA));
    total += taps[i] as number;
  }
  return taps.map((t) => t / total);
}

const TAPS = gaussianTaps();

/** Separable Gaussian filter over the valid positions (no padding): (h-10) x (w-10) outputs. */
function filterValid(src: Float64Array, width: number, height: number): Float64Array {
  const ow = width - WINDOW + 1;
  const oh = height - WINDOW + 1;
  const rows = new Float64Array(ow * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < ow; x += 1) {
      let s = 0;
      for (let k = 0; k < WINDOW; k += 1) s += (TAPS[k] as number) * (src[y * width + x + k] as number);
      rows[y * ow + x] = s;
    }
  }
  const out = new Float64Array(ow * oh);
  for (let y = 0; y < oh; y += 1) {
    for (let x = 0; x < ow; x += 1) {
      let s = 0;
      for (let k = 0; k < WINDOW; k += 1) s += (TAPS[k] as number) * (rows[(y + k) * ow + x] as number);
      out[y * ow + x] = s;
    }
  }
  return out;
}

/** Mean SSIM of one channel over every valid window position. */
function channelSsim(a: RgbImage, b: RgbImage, k: number): number {
  const n = a.width * a.height;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let p = 0; p < n; p += 1) {
    x[p] = a.data[p * a.channels + k] as number;
    y[p] = b.data[p * b.channels + k] as number;
  }
  const f = (v: Float64Array) => filterValid(v, a.width, a.height);
  const mx = f(x);
  const my = f(y);
  const xx = f(x.map((v) => v * v));
  const yy = f(y.map((v) => v * v));
  const xy = f(x.map((v, i) => v * (y[i] as number)));
  let sum = 0;
  for (let i = 0; i < mx.length; i += 1) {
    const ux = mx[i] as number;
    const uy = my[i] as number;
    const vx = (xx[i] as number) - ux * ux;
    const vy = (yy[i] as number) - uy * uy;
    const cxy = (xy[i] as number) - ux * uy;
    sum += ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
  }
  return sum / mx.length;
}

/**
 * Structural similarity (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03, data
 * range 255) of `b` against `a`, averaged over every window fully inside the image and over R, G and B.
 * 1 for identical images. Both images must be at least 11x11 and of the same size.
 * @throws InvalidArgumentError when an image is malformed, smaller than the window, or the sizes differ.
 * @example
 * const s = ssim(cropImage(condition, box), cropImage(generated, box));
 */
export function ssim(a: RgbImage, b: RgbImage): number {
  checkSameSize('ssim', a, b);
  if (a.width < WINDOW || a.height < WINDOW) {
    throw new InvalidArgumentError(
      'ssim',
      'a',
      `an image at least ${WINDOW}x${WINDOW}`,
      `${a.width}x${a.height}`,
    );
  }
  return (channelSsim(a, b, 0) + channelSsim(a, b, 1) + channelSsim(a, b, 2)) / 3;
}
