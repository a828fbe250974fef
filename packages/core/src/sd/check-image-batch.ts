import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { Float32Tensor } from '../tensor/tensor.js';

/** Checks that images are `[B, 3, H, W]` with H and W multiples of 8 (the VAE downsamples by 8). */
export function checkImageBatch(fn: string, argument: string, image: Float32Tensor): void {
  const [, channels, height, width] = image.shape;
  if (image.shape.length !== 4 || channels !== 3) {
    throw new ShapeMismatchError(fn, argument, '[B, 3, H, W]', image.shape);
  }
  if (
    height === undefined ||
    width === undefined ||
    height % 8 !== 0 ||
    width % 8 !== 0 ||
    height === 0 ||
    width === 0
  ) {
    throw new InvalidArgumentError(
      fn,
      `${argument}.shape`,
      'an image size that is a positive multiple of 8',
      image.shape,
    );
  }
}

/** Checks that latents are `[B, channels, h, w]` with positive sizes. */
export function checkLatentBatch(
  fn: string,
  argument: string,
  latents: Float32Tensor,
  channels: number,
): void {
  const [batch, c, h, w] = latents.shape;
  if (latents.shape.length !== 4 || c !== channels || !batch || !h || !w) {
    throw new ShapeMismatchError(fn, argument, `[B, ${channels}, h, w]`, latents.shape);
  }
}
