import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkRgbImage, type RgbImage } from './rgb-image.js';

/**
 * Returns a copy of `canvas` with `img` placed so that its top-left pixel lands at `(x, y)`; use it to
 * put the seed square on the canvas. Only colour is copied: `img`'s alpha is ignored (no compositing)
 * and an RGBA canvas gets alpha 255 inside the pasted area. `img` must fit inside the canvas.
 * @example
 * const start = pasteImage(createSolidImage(512, 512, [128, 128, 128]), seed, 128, 64);
 */
export function pasteImage(canvas: RgbImage, img: RgbImage, x: number, y: number): RgbImage {
  checkRgbImage('pasteImage', 'canvas', canvas);
  checkRgbImage('pasteImage', 'img', img);
  if (!Number.isInteger(x) || x < 0 || x + img.width > canvas.width) {
    throw new InvalidArgumentError(
      'pasteImage',
      'x',
      `an integer in [0, ${canvas.width - img.width}] (canvas width ${canvas.width}, image width ${img.width})`,
      x,
    );
  }
  if (!Number.isInteger(y) || y < 0 || y + img.height > canvas.height) {
    throw new InvalidArgumentError(
      'pasteImage',
      'y',
      `an integer in [0, ${canvas.height - img.height}] (canvas height ${canvas.height}, image height ${img.height})`,
      y,
    );
  }
  const data = canvas.data.slice();
  const cc = canvas.channels;
  const ic = img.channels;
  for (let r = 0; r < img.height; r++) {
    for (let c = 0; c < img.width; c++) {
      const s = (r * img.width + c) * ic;
      const d = ((y + r) * canvas.width + x + c) * cc;
      data[d] = img.data[s]!;
      data[d + 1] = img.data[s + 1]!;
      data[d + 2] = img.data[s + 2]!;
      if (cc === 4) data[d + 3] = 255;
    }
  }
  return { width: canvas.width, height: canvas.height, channels: cc, data };
}
