import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { planSceneOffline, referenceBox } from './plan-scene-offline.js';
import { planSceneRandom } from './plan-scene-random.js';

describe('planSceneOffline', () => {
  it('uses the COW default box [128, 0, 256, 256] and the spec related region on 512', () => {
    const plan = planSceneOffline({ prompt: ' a man on a beach ' });
    expect(plan.prompt).toBe('a man on a beach');
    expect(plan.box).toEqual([128, 0, 256, 256]);
    expect(plan.relatedBox).toEqual([0, 128, 512, 384]);
    expect(plan.provenance.box).toEqual({ source: 'offline', adjusted: false });
  });

  it('centres a box of the requested side', () => {
    expect(planSceneOffline({ prompt: 'p', placement: 'centered', side: 192 }).box).toEqual([
      160, 160, 192, 192,
    ]);
    expect(
      planSceneOffline({ prompt: 'p', placement: 'centered', canvas: { width: 768, height: 512 } }).box,
    ).toEqual([256, 128, 256, 256]);
    expect(() => planSceneOffline({ prompt: 'p', placement: 'centered', side: 300 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => planSceneOffline({ prompt: 'p', placement: 'centered', side: 190 })).toThrow(
      /multiple of 8/,
    );
  });

  it('scales the reference placement with the canvas', () => {
    expect(referenceBox({ width: 1024, height: 1024 })).toEqual([256, 0, 512, 512]);
    expect(referenceBox({ width: 768, height: 512 })).toEqual([256, 0, 256, 256]);
  });
});

describe('planSceneRandom', () => {
  const n = 4000;
  const plans = Array.from({ length: n }, (_, seed) => planSceneRandom({ prompt: 'p', seed }));
  const sides = [184, 192, 200, 208, 216, 224, 232, 240, 248, 256];

  it('keeps every box square, on the grid, inside the canvas and within the side range', () => {
    for (const { box, relatedBox } of plans) {
      const [x, y, w, h] = box;
      expect(w).toBe(h);
      expect(sides).toContain(w);
      expect(x % 8 === 0 && y % 8 === 0).toBe(true);
      expect(x >= 0 && y >= 0 && x + w <= 512 && y + h <= 512).toBe(true);
      expect(relatedBox[1]).toBe(y + Math.floor(h / 2 / 8) * 8);
    }
  });

  it('draws sides uniformly (chi-square, 9 dof, p > 0.001) and positions centred on the canvas', () => {
    const counts = sides.map((s) => plans.filter((p) => p.box[2] === s).length);
    const expected = n / sides.length;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88);
    // x uniform over {0, 8, ..., 512 - w}: E[x + w/2] = 256 whatever w is; sd of the mean < 2 px.
    const meanCentre = plans.reduce((acc, p) => acc + p.box[0] + p.box[2] / 2, 0) / n;
    expect(Math.abs(meanCentre - 256)).toBeLessThan(8);
    const meanY = plans.reduce((acc, p) => acc + p.box[1] + p.box[3] / 2, 0) / n;
    expect(Math.abs(meanY - 256)).toBeLessThan(8);
    // Both edges are reachable.
    expect(plans.some((p) => p.box[0] === 0)).toBe(true);
    expect(plans.some((p) => p.box[0] + p.box[2] === 512)).toBe(true);
  });

  it('is reproducible from the seed and differs between seeds', () => {
    expect(planSceneRandom({ prompt: 'p', seed: 99 })).toEqual(planSceneRandom({ prompt: 'p', seed: 99 }));
    const distinct = new Set(plans.slice(0, 50).map((p) => p.box.join(',')));
    expect(distinct.size).toBeGreaterThan(45);
    expect(planSceneRandom({ prompt: 'p', seed: 3 }).provenance.box.source).toBe('random');
  });

  it('draws two sides when square is off, and rejects bad seeds', () => {
    const rect = Array.from({ length: 200 }, (_, seed) =>
      planSceneRandom({ prompt: 'p', seed, config: { square: false } }),
    );
    expect(rect.some((p) => p.box[2] !== p.box[3])).toBe(true);
    expect(() => planSceneRandom({ prompt: 'p', seed: 0.5 })).toThrow(InvalidArgumentError);
    expect(() => planSceneRandom({ prompt: 'p', seed: -1 })).toThrow(/options.seed/);
    expect(planSceneRandom({ prompt: 'p', seed: 'abc' }).box).toEqual(
      planSceneRandom({ prompt: 'p', seed: 'abc' }).box,
    );
  });
});
