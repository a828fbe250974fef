import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { normalizeConditionBox } from './normalize-condition-box.js';
import { normalizeRelatedBox } from './normalize-related-box.js';
import { relatedBoxBelow } from './related-box-below.js';
import { sideRange } from './side-range.js';

const c512 = { width: 512, height: 512 };

describe('sideRange', () => {
  it('rounds 180-256 inwards to the 8 px grid and scales with the shorter canvas side', () => {
    expect(sideRange(c512)).toEqual({ min: 184, max: 256 });
    expect(sideRange({ width: 768, height: 512 })).toEqual({ min: 184, max: 256 });
    expect(sideRange({ width: 1024, height: 1024 })).toEqual({ min: 360, max: 512 });
    // 256 canvas: 90 -> 96, 128 -> 128.
    expect(sideRange({ width: 256, height: 256 })).toEqual({ min: 96, max: 128 });
  });

  it('rejects canvases off the grid or too small', () => {
    expect(() => sideRange({ width: 500, height: 512 })).toThrow(InvalidArgumentError);
    expect(() => sideRange({ width: 8, height: 8 })).toThrow(/large enough/);
    expect(() => sideRange(c512, { minSide: 300, maxSide: 200 })).toThrow(/config.minSide/);
  });
});

describe('normalizeConditionBox', () => {
  it('keeps a valid box and says nothing changed', () => {
    expect(normalizeConditionBox([128, 0, 256, 256], c512)).toEqual({
      box: [128, 0, 256, 256],
      adjusted: false,
    });
    expect(normalizeConditionBox([40, 320, 192, 192], c512)).toEqual({
      box: [40, 320, 192, 192],
      adjusted: false,
    });
  });

  it('clamps the side around the centre and the corner into the canvas (hand-computed)', () => {
    // Side 300 -> 256; centre (250, 130) -> corner (122, 2) -> snapped (120, 0).
    expect(normalizeConditionBox([100, -20, 300, 300], c512)).toEqual({
      box: [120, 0, 256, 256],
      adjusted: true,
    });
    // Side 100 -> 184; centre (500, 500) -> corner (408, 408) clamped to 512 - 184 = 328.
    expect(normalizeConditionBox([450, 450, 100, 100], c512).box).toEqual([328, 328, 184, 184]);
    // Non-square 200 x 240 -> mean 220 -> snapped 224 (220 / 8 = 27.5 rounds up); centre (110, 121) after rounding.
    expect(normalizeConditionBox([10.4, 0.6, 200, 240], c512).box).toEqual([0, 8, 224, 224]);
  });

  it('keeps two sides when square is off', () => {
    expect(normalizeConditionBox([0, 0, 190, 250], c512, { square: false }).box).toEqual([0, 0, 192, 248]);
  });

  it('always satisfies the rules for arbitrary finite inputs', () => {
    let s = 12345;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    for (const canvas of [c512, { width: 768, height: 512 }, { width: 1024, height: 640 }]) {
      const { min, max } = sideRange(canvas);
      for (let i = 0; i < 300; i++) {
        const raw: [number, number, number, number] = [
          rand() * 2000 - 700,
          rand() * 2000 - 700,
          1 + rand() * 900,
          1 + rand() * 900,
        ];
        const [x, y, w, h] = normalizeConditionBox(raw, canvas).box;
        for (const v of [x, y, w, h]) expect(v % 8).toBe(0);
        expect(w).toBe(h);
        expect(w).toBeGreaterThanOrEqual(min);
        expect(w).toBeLessThanOrEqual(max);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x + w).toBeLessThanOrEqual(canvas.width);
        expect(y + h).toBeLessThanOrEqual(canvas.height);
      }
    }
  });
});

describe('normalizeRelatedBox', () => {
  const box = [128, 0, 256, 256] as const;
  it('snaps edges outwards and clamps into the canvas', () => {
    expect(normalizeRelatedBox([60, 200, 390, 400], box, c512, 8)).toEqual({
      box: [56, 200, 400, 312],
      adjusted: true,
    });
    expect(normalizeRelatedBox([0, 128, 512, 384], box, c512, 8)).toEqual({
      box: [0, 128, 512, 384],
      adjusted: false,
    });
  });
  it('accepts a box that only touches the condition box and rejects a disjoint or empty one', () => {
    expect(normalizeRelatedBox([0, 256, 512, 256], box, c512, 8)?.box).toEqual([0, 256, 512, 256]);
    expect(normalizeRelatedBox([0, 264, 512, 248], box, c512, 8)).toBeUndefined();
    expect(normalizeRelatedBox([600, 0, 100, 100], box, c512, 8)).toBeUndefined();
  });
});

describe('relatedBoxBelow', () => {
  it('is the spec region x in [bx - w/2, bx + 1.5w], y in [by + h/2, H], clamped and snapped outwards', () => {
    expect(relatedBoxBelow([128, 0, 256, 256], c512)).toEqual([0, 128, 512, 384]);
    // x: 200 - 92 = 108 -> 104; 200 + 276 = 476 -> 480; y: 64 + 92 = 156 -> 152.
    expect(relatedBoxBelow([200, 64, 184, 184], c512)).toEqual([104, 152, 376, 360]);
    // Bottom-right box on a wide canvas: x2 clamps at 768.
    expect(relatedBoxBelow([512, 256, 256, 256], { width: 768, height: 512 })).toEqual([384, 384, 384, 128]);
  });
});
