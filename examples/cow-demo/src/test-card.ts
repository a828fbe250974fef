import type { RgbImage } from '@sow/core';

/**
 * A 256x256 synthetic "face" card (skin-coloured oval with two eyes and a mouth on a dark ground) used
 * when no `--image` is given, so the demo runs on a fresh clone with no files.
 */
export function testCard(size = 256): RgbImage {
  const data = new Uint8Array(size * size * 3);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x - c) / (size * 0.3);
      const v = (y - c) / (size * 0.4);
      let rgb: [number, number, number] = [40, 40, 60];
      if (u * u + v * v < 1) rgb = [225, 180, 150];
      const eye = (ex: number) => Math.hypot(x - ex, y - c * 0.8) < size * 0.04;
      if (eye(c - size * 0.12) || eye(c + size * 0.12)) rgb = [30, 30, 30];
      if (Math.abs(y - c * 1.35) < size * 0.02 && Math.abs(x - c) < size * 0.12) rgb = [150, 40, 40];
      data.set(rgb, (y * size + x) * 3);
    }
  }
  return { width: size, height: size, channels: 3, data };
}
