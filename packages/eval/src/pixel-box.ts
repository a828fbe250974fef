import { InvalidArgumentError, type RgbImage } from '@sow/core';

/** A rectangle in image pixels: top-left corner and size. */
export interface PixelBox {
  /** Left edge, pixels from the image's left. */
  readonly x: number;
  /** Top edge, pixels from the image's top. */
  readonly y: number;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

/**
 * Copies the pixels of `box` (integers, inside the image) out of `image` as a new RGB image (alpha dropped).
 * @throws InvalidArgumentError when the box is not a non-empty integer rectangle inside the image.
 * @example
 * const face = cropImage(photo, { x: 10, y: 20, width: 64, height: 64 });
 */
export function cropImage(image: RgbImage, box: PixelBox): RgbImage {
  const { x, y, width, height } = box;
  const ok =
    [x, y, width, height].every(Number.isInteger) &&
    x >= 0 &&
    y >= 0 &&
    width > 0 &&
    height > 0 &&
    x + width <= image.width &&
    y + height <= image.height;
  if (!ok) {
    throw new InvalidArgumentError(
      'cropImage',
      'box',
      `an integer rectangle inside the ${image.width}x${image.height} image`,
      box,
    );
  }
  const out = new Uint8Array(width * height * 3);
  const c = image.channels;
  for (let r = 0; r < height; r += 1) {
    for (let col = 0; col < width; col += 1) {
      const src = ((y + r) * image.width + x + col) * c;
      const dst = (r * width + col) * 3;
      out[dst] = image.data[src] as number;
      out[dst + 1] = image.data[src + 1] as number;
      out[dst + 2] = image.data[src + 2] as number;
    }
  }
  return { width, height, channels: 3, data: out };
}
