import { createSolidImage, pasteImage, type RgbImage, resizeImage } from '@sow/core';

/** Lays images side by side, each resized to `tile` x `tile` pixels, with a 4 px gray gap. */
export function imageStrip(images: readonly RgbImage[], tile = 128): RgbImage {
  const gap = 4;
  const width = Math.max(1, images.length * (tile + gap) - gap);
  let strip = createSolidImage(width, tile, [64, 64, 64]);
  images.forEach((image, i) => {
    strip = pasteImage(strip, resizeImage(image, tile, tile, 'bilinear'), i * (tile + gap), 0);
  });
  return strip;
}
