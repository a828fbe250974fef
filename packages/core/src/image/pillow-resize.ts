import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkImageSize, checkRgbImage, type RgbImage } from './rgb-image.js';

/** Resampling filters of {@link pillowResize}, named as Pillow's `Image.Resampling` members. */
export type PillowFilter = 'nearest' | 'bilinear' | 'bicubic' | 'lanczos';

/** Kernel and support (radius at scale 1) of each convolution filter, as Pillow defines them. */
const KERNELS: Readonly<
  Record<Exclude<PillowFilter, 'nearest'>, { support: number; at(x: number): number }>
> = {
  bilinear: {
    support: 1,
    at: (x) => {
      const a = Math.abs(x);
      return a < 1 ? 1 - a : 0;
    },
  },
  bicubic: {
    // Keys' cubic convolution with a = -0.5.
    support: 2,
    at: (x) => {
      const a = Math.abs(x);
      if (a < 1) return (1.5 * a - 2.5) * a * a + 1;
      if (a < 2) return (((a - 5) * a + 8) * a - 4) * -0.5;
      return 0;
    },
  },
  lanczos: {
    // sinc(x) * sinc(x / 3) on [-3, 3).
    support: 3,
    at: (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0),
  },
};

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

/** Fixed-point coefficient bits: 32 bits minus 8 for the pixel and 2 for overshoot. */
const PRECISION_BITS = 22;
const HALF = 1 << (PRECISION_BITS - 1);

/** Per output index: the first input index, the number of taps and the integer coefficients. */
interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Int32Array;
  readonly stride: number;
}

/**
 * Pillow's `precompute_coeffs` followed by its 8-bit normalisation: the filter is widened by the
 * shrink factor (antialiasing), sampled at pixel centres, normalised to sum 1 in doubles, then scaled
 * to 2^22 and rounded half away from zero.
 */
function taps(inSize: number, outSize: number, kernel: { support: number; at(x: number): number }): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = kernel.support * filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * stride);
  const k = new Float64Array(stride);
  const inverse = 1 / filterScale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let sum = 0;
    for (let x = 0; x < xmax; x++) {
      const w = kernel.at((x + xmin - center + 0.5) * inverse);
      k[x] = w;
      sum += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = sum === 0 ? (k[x] ?? 0) : (k[x] ?? 0) / sum;
      weights[xx * stride + x] = Math.trunc(
        w < 0 ? -0.5 + w * 2 ** PRECISION_BITS : 0.5 + w * 2 ** PRECISION_BITS,
      );
    }
    start[xx] = xmin;
    count[xx] = xmax;
  }
  return { start, count, weights, stride };
}

/** `clip8`: the accumulator shifted down to 8 bits (floor) and clamped to 0..255. */
function clip8(acc: number): number {
  const v = acc >> PRECISION_BITS;
  return Math.min(Math.max(v, 0), 255);
}

/**
 * Resizes an 8-bit image exactly as Pillow's `Image.resize((width, height), resample=filter)` does
 * for mode `L` and `RGB` images (Pillow 9.4.0; its libImaging `Resample.c` and, for `nearest`, the
 * affine scaling of `Geometry.c`), byte for byte. Every channel is resampled on its own; an RGBA image's
 * alpha is resampled like a colour (Pillow would premultiply it), so drop alpha first to match
 * `img.convert('RGB').resize(...)`.
 *
 * Algorithm of the convolution filters: separable, horizontal pass first (over the rows the vertical
 * pass needs), then vertical; each pass is skipped when its size does not change. For output index
 * `i` of a pass from `n` to `m` samples, `scale = n / m`, the filter is widened by `max(scale, 1)` (so
 * shrinking antialiases), its taps span `[trunc(c - s + 0.5), trunc(c + s + 0.5))` around the centre
 * `c = (i + 0.5)·scale` with support `s` (1 bilinear, 2 bicubic with a = -0.5, 3 Lanczos-3) times the
 * widening, clipped to the image; weights are normalised to sum 1, then scaled by 2^22 and rounded
 * half away from zero. A sample is `clamp((2^21 + Σ pixel·weight) >> 22, 0, 255)`. `nearest` picks input
 * index `trunc(x)` where `x` starts at `scale / 2` and advances by `scale` per output pixel (in
 * doubles, accumulated as Pillow does).
 * @param img - RGB or RGBA image.
 * @param width - Output width in pixels.
 * @param height - Output height in pixels.
 * @param filter - Default `'bicubic'`, Pillow's default for `resize`.
 * @example
 * const seed = pillowResize(face, 256, 256); // as PIL's face.resize((256, 256))
 */
export function pillowResize(
  img: RgbImage,
  width: number,
  height: number,
  filter: PillowFilter = 'bicubic',
): RgbImage {
  checkRgbImage('pillowResize', 'img', img);
  checkImageSize('pillowResize', 'width', width);
  checkImageSize('pillowResize', 'height', height);
  if (filter !== 'nearest' && !Object.hasOwn(KERNELS, filter)) {
    throw new InvalidArgumentError(
      'pillowResize',
      'filter',
      "'nearest', 'bilinear', 'bicubic' or 'lanczos'",
      filter,
    );
  }
  if (width === img.width && height === img.height) return { ...img, data: img.data.slice() };
  if (filter === 'nearest') return resizeNearest(img, width, height);
  const kernel = KERNELS[filter];
  let current = img;
  const vertical = taps(img.height, height, kernel);
  if (width !== img.width) {
    // Only the rows the vertical pass reads.
    const first = height === img.height ? 0 : (vertical.start[0] ?? 0);
    const last =
      height === img.height
        ? img.height
        : (vertical.start[height - 1] ?? 0) + (vertical.count[height - 1] ?? 0);
    current = pass(img, taps(img.width, width, kernel), 'x', first, last - first);
    if (height !== img.height) {
      for (let i = 0; i < height; i++) vertical.start[i] = (vertical.start[i] ?? 0) - first;
    }
  }
  if (height !== img.height) current = pass(current, vertical, 'y', 0, height);
  return current;
}

/** One separable pass along `axis`, producing `rows` rows (for `x`, input rows `rowOffset ...`). */
function pass(img: RgbImage, t: Taps, axis: 'x' | 'y', rowOffset: number, rows: number): RgbImage {
  const { channels, width: inW } = img;
  const src = img.data;
  const outW = axis === 'x' ? t.start.length : inW;
  const out = new Uint8Array(outW * rows * channels);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < outW; x++) {
      const i = axis === 'x' ? x : y;
      const start = t.start[i] ?? 0;
      const n = t.count[i] ?? 0;
      const w0 = i * t.stride;
      for (let c = 0; c < channels; c++) {
        let acc = HALF;
        for (let k = 0; k < n; k++) {
          const p =
            axis === 'x'
              ? ((y + rowOffset) * inW + start + k) * channels + c
              : ((start + k) * inW + x) * channels + c;
          acc += (src[p] ?? 0) * (t.weights[w0 + k] ?? 0);
        }
        out[(y * outW + x) * channels + c] = clip8(acc);
      }
    }
  }
  return { width: outW, height: rows, channels, data: out };
}

/** Pillow's `NEAREST` resize: an affine scaling with positions accumulated in doubles. */
function resizeNearest(img: RgbImage, width: number, height: number): RgbImage {
  const { channels } = img;
  const index = (inSize: number, outSize: number): Int32Array => {
    const step = inSize / outSize;
    const out = new Int32Array(outSize);
    let pos = step * 0.5;
    for (let i = 0; i < outSize; i++) {
      out[i] = Math.min(Math.max(Math.trunc(pos), 0), inSize - 1);
      pos += step;
    }
    return out;
  };
  const xs = index(img.width, width);
  const ys = index(img.height, height);
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = ((ys[y] ?? 0) * img.width + (xs[x] ?? 0)) * channels;
      data.set(img.data.subarray(s, s + channels), (y * width + x) * channels);
    }
  }
  return { width, height, channels, data };
}
