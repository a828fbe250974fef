import { InvalidArgumentError, type RgbImage, readImageHeader } from '@sow/core';

/** Largest upload `decodeImageFile` reads, in bytes (64 MiB). */
const MAX_IMAGE_FILE_BYTES = 64 * 2 ** 20;

/** Converts core's 8-bit RGB(A) image to canvas `ImageData` (opaque RGBA). */
export function toImageData(image: RgbImage): ImageData {
  const out = new ImageData(image.width, image.height);
  for (let p = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < 3; c++) out.data[p * 4 + c] = image.data[p * image.channels + c]!;
    out.data[p * 4 + 3] = 255;
  }
  return out;
}

/** Converts canvas `ImageData` to core's RGBA image (alpha is ignored by the pipelines). */
export function fromImageData(data: ImageData): RgbImage {
  return { width: data.width, height: data.height, channels: 4, data: new Uint8Array(data.data.buffer) };
}

/**
 * Decodes a PNG or JPEG file with the browser's decoders into core's RGBA image. The file's size, and the
 * pixel count and encoding its header declares (core's `readImageHeader`, default limit 8192 × 8192), are
 * checked before the browser decompresses anything: an image bomb is refused with `InvalidArgumentError`.
 */
export async function decodeImageFile(file: Blob): Promise<RgbImage> {
  if (file.size > MAX_IMAGE_FILE_BYTES) {
    throw new InvalidArgumentError(
      'decodeImageFile',
      'file',
      `at most ${MAX_IMAGE_FILE_BYTES} bytes`,
      `${file.size} bytes`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  readImageHeader(bytes, { fn: 'decodeImageFile' });
  const bitmap = await createImageBitmap(new Blob([bytes]));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('decodeImageFile: no 2D canvas context');
  context.drawImage(bitmap, 0, 0);
  return fromImageData(context.getImageData(0, 0, bitmap.width, bitmap.height));
}

/** A 96×96 test card (a skin-coloured disc with two eyes on a dark ground), the default COW condition. */
export function testCard(size = 96): RgbImage {
  const data = new Uint8Array(size * size * 3);
  const c = size / 2;
  for (let p = 0; p < size * size; p++) {
    const x = p % size;
    const y = Math.floor(p / size);
    let rgb = [40, 40, 60];
    if (Math.hypot(x - c, y - c) < size * 0.35) rgb = [225, 180, 150];
    if (Math.hypot(Math.abs(x - c) - size * 0.12, y - c * 0.85) < size * 0.04) rgb = [30, 30, 30];
    data.set(rgb, p * 3);
  }
  return { width: size, height: size, channels: 3, data };
}
