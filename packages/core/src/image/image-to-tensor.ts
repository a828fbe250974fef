import type { Float32Tensor } from '../tensor/tensor.js';
import { checkRgbImage, type RgbImage } from './rgb-image.js';

/**
 * Converts an 8-bit image into the `[1, 3, H, W]` float32 tensor a Stable Diffusion VAE encoder takes:
 * channels first, values `x / 127.5 - 1` in `[-1, 1]`; an alpha channel is dropped.
 * @example
 * const pixels = imageToTensor({ width: 512, height: 512, channels: 4, data: rgba });
 */
export function imageToTensor(img: RgbImage): Float32Tensor {
  checkRgbImage('imageToTensor', 'img', img);
  const { width, height, channels, data } = img;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    const s = p * channels;
    out[p] = data[s]! / 127.5 - 1;
    out[plane + p] = data[s + 1]! / 127.5 - 1;
    out[2 * plane + p] = data[s + 2]! / 127.5 - 1;
  }
  return { dtype: 'float32', shape: [1, 3, height, width], data: out };
}
