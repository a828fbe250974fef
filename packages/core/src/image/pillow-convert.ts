import { checkRgbImage, type RgbImage } from './rgb-image.js';

/**
 * Pillow's `convert('L')` of an RGB image: the ITU-R 601-2 luma in 16-bit fixed point,
 * `(19595 R + 38470 G + 7471 B + 0x8000) >> 16`, one byte per pixel, row-major (Pillow 9.4.0
 * `Convert.c`). Alpha is ignored.
 * @example
 * const gray = pillowGray(photo); // Uint8Array of width * height
 */
export function pillowGray(img: RgbImage): Uint8Array {
  checkRgbImage('pillowGray', 'img', img);
  const { width, height, channels, data } = img;
  const out = new Uint8Array(width * height);
  for (let p = 0; p < out.length; p++) {
    const s = p * channels;
    out[p] = (19595 * data[s]! + 38470 * data[s + 1]! + 7471 * data[s + 2]! + 0x8000) >>> 16;
  }
  return out;
}

/**
 * Pillow's `convert('1')` of an RGB image (Pillow 9.4.0 `Convert.c`, default `Dither.FLOYDSTEINBERG`),
 * byte for byte, unpacked: one byte per pixel, 0 (black) or 255 (white), row-major.
 *
 * Algorithm: the luma is Pillow's truncated `(299 R + 587 G + 114 B) / 1000` (not the rounded one of
 * `convert('L')`), then Floyd–Steinberg error diffusion row by row, left to right, in integers: the
 * pixel's value is its luma plus `trunc(e / 16)` of the error `e` carried to it (7/16 of the left
 * neighbour's error plus 3/16, 5/16 and 1/16 of the row above's errors, accumulated as 16ths), clipped
 * to 0..255; it becomes white when above 128, and its error (value minus 0 or 255) is passed on with
 * weights 7, 3, 5, 1. Division truncates toward zero, as C's does.
 * @param img - RGB or RGBA image (alpha ignored).
 * @param source - `'rgb'` (default) dithers the RGB image's own truncated luma, as `img.convert('1')`;
 *   `'gray'` dithers {@link pillowGray}'s luma, as `img.convert('L').convert('1')`.
 * @example
 * const bilevel = pillowBilevel(mask); // as PIL's mask.convert('1')
 */
export function pillowBilevel(img: RgbImage, source: 'rgb' | 'gray' = 'rgb'): Uint8Array {
  checkRgbImage('pillowBilevel', 'img', img);
  const { width, height, channels, data } = img;
  const luma =
    source === 'gray'
      ? pillowGray(img)
      : Uint8Array.from({ length: width * height }, (_, p) => {
          const s = p * channels;
          return Math.trunc((299 * data[s]! + 587 * data[s + 1]! + 114 * data[s + 2]!) / 1000);
        });
  const out = new Uint8Array(width * height);
  // below[x + 1]: error (in 16ths) already collected for pixel x of the next row.
  const below = new Int32Array(width + 1);
  for (let y = 0; y < height; y++) {
    let carried = 0; // 7/16-weighted error of the left neighbour plus what the row above sent here
    let down = 0; // 5/16 share for the pixel below the previous one, not yet stored
    let downRight = 0; // 1/16 share of the pixel before the previous one
    for (let x = 0; x < width; x++) {
      const row = y * width;
      const value = Math.min(Math.max(luma[row + x]! + Math.trunc((carried + below[x + 1]!) / 16), 0), 255);
      const white = value > 128 ? 255 : 0;
      out[row + x] = white;
      const error = value - white;
      below[x] = 3 * error + down;
      down = 5 * error + downRight;
      downRight = error;
      carried = 7 * error;
    }
    below[width] = down;
  }
  return out;
}
