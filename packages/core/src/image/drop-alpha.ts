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
  const n = img.width * img.height;
  const data = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) data.set(img.data.subarray(p * 4, p * 4 + 3), p * 3);
  return { width: img.width, height: img.height, channels: 3, data };
}
