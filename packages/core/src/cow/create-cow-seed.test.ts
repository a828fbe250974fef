import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/index.js';
import type { RgbImage } from '../image/index.js';
import { createCowSeed } from './create-cow-seed.js';
import { resolveCowConfig } from './resolve-cow-config.js';

/** A 20x10 RGBA image whose pixel (r, c) is (10c, 20r, 200, 255). */
const image: RgbImage = {
  width: 20,
  height: 10,
  channels: 4,
  data: Uint8Array.from({ length: 20 * 10 * 4 }, (_, i) => {
    const p = Math.floor(i / 4);
    return [10 * (p % 20), 20 * Math.floor(p / 20), 200, 255][i % 4] ?? 0;
  }),
};
/** A 10x5 RGB mask (same aspect): black on the left half, white on the right. */
const mask: RgbImage = {
  width: 10,
  height: 5,
  channels: 3,
  data: Uint8Array.from({ length: 10 * 5 * 3 }, (_, i) => (Math.floor(i / 3) % 10 < 5 ? 0 : 255)),
};
// Box (13, 9, 35x20) snaps to (8, 8, 32x16); canvas 64x48.
const config = resolveCowConfig('reference', {
  canvasWidth: 64,
  canvasHeight: 48,
  box: { x: 13, y: 9, width: 35, height: 20 },
});

const px = (img: RgbImage, x: number, y: number) => [
  ...img.data.slice((y * img.width + x) * 3, (y * img.width + x) * 3 + 3),
];

describe('createCowSeed', () => {
  it('pastes the kept condition on a gray canvas inside the snapped box', () => {
    const seed = createCowSeed({ image, mask, config });
    expect([seed.seedImage.width, seed.seedImage.height, seed.seedImage.channels]).toEqual([32, 16, 3]);
    expect([seed.canvasImage.width, seed.canvasImage.height]).toEqual([64, 48]);
    // Left of the box's middle the mask is black: condition colours (blue channel 200); right: gray.
    expect(px(seed.seedImage, 2, 3)[2]).toBe(200);
    expect(px(seed.seedImage, 30, 3)).toEqual([128, 128, 128]);
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 64; x++) {
        const inside = x >= 8 && x < 40 && y >= 8 && y < 24;
        expect(px(seed.canvasImage, x, y)).toEqual(
          inside ? px(seed.seedImage, x - 8, y - 8) : [128, 128, 128],
        );
      }
    }
  });

  it('builds the latent mask from the top-left pixel of every 8x8 block, at the box offset / 8', () => {
    const seed = createCowSeed({ image, mask, config });
    expect(seed.region.x).toBe(1);
    expect(seed.region.y).toBe(1);
    expect(seed.region.mask.shape).toEqual([1, 1, 2, 4]);
    const picked = [0, 1].flatMap((i) => [0, 1, 2, 3].map((j) => seed.keepMask.data[8 * i * 32 + 8 * j]));
    expect([...seed.region.mask.data]).toEqual(picked);
    expect([...seed.region.mask.data]).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
  });

  it('honours the mask polarity and keeps the whole box without a mask', () => {
    const white = createCowSeed({ image, mask, config: { ...config, maskPolarity: 'white-keeps' } });
    expect([...white.region.mask.data]).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    const none = createCowSeed({ image, config });
    expect([...none.region.mask.data].every((v) => v === 1)).toBe(true);
  });

  it('rejects a mask of the wrong shape and an image that is not RGB or RGBA', () => {
    const bad = { ...mask, width: 5, height: 10 };
    expect(() => createCowSeed({ image, mask: bad, config })).toThrow(InvalidArgumentError);
    try {
      createCowSeed({ image, mask: bad, config });
    } catch (e) {
      expect((e as InvalidArgumentError).argument).toBe('mask');
    }
    const gray = { width: 2, height: 2, channels: 1, data: new Uint8Array(4) } as unknown as RgbImage;
    expect(() => createCowSeed({ image: gray, config })).toThrow(/image\.channels must be 3 or 4/);
  });
});
