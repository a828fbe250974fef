import { checkRgbImage, type RgbImage } from './rgb-image.js';

/**
 * The RGB part of an image, as Pillow's `img.convert('RGB')` gives it for RGBA input (alpha dropped,
 * not composited); an RGB image is returned as it is.
 * @example
 * const rgb = dropAlpha(decodedPng);
 */
export function dropAlpha(img: RgbImage): RgbImage {
  checkRgbImage('dropAlpha', 'img', img);
  if (img.channels === 3) return img;
  const src = img.data;
  const data = new Uint8Array(img.width * img.height * 3);
  for (let p = 0, q = 0; q < data.length; p += 4, q += 3) {
    data[q] = src[p]!;
    data[q + 1] = src[p + 1]!;
    data[q + 2] = src[p + 2]!;
  }
  return { width: img.width, height: img.height, channels: 3, data };
}
