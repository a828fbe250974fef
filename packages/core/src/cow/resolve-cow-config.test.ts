import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/index.js';
import { COW_PRESETS } from './cow-presets.js';
import { resolveCowConfig } from './resolve-cow-config.js';

function rejects(fn: () => unknown, argument: string): void {
  try {
    fn();
  } catch (e) {
    expect(InvalidArgumentError.isInstance(e)).toBe(true);
    expect((e as InvalidArgumentError).argument).toBe(argument);
    expect((e as Error).message).toContain(`${argument} must be`);
    return;
  }
  throw new Error(`expected InvalidArgumentError for ${argument}`);
}

describe('resolveCowConfig', () => {
  it('gives the released code defaults (spec 3.1) for the reference preset', () => {
    const c = resolveCowConfig();
    expect(c).toMatchObject({
      bookkeeping: 'reference',
      steps: 10,
      bandStart: 7,
      bandEnd: 5,
      cycles: 10,
      cycleEta: 1,
      finalEta: 0.1,
      preserveSteps: [4],
      guidanceScale: 7.5,
      canvasWidth: 512,
      canvasHeight: 512,
      box: { x: 128, y: 0, width: 256, height: 256 },
      negativePrompt: 'a bad quality and low resolution image,extra fingers,deformed hands',
      suppressPrompt: 'human face',
      diversePrompt: 'a high quality and colorful image',
      backgroundColor: [128, 128, 128],
      maskPolarity: 'black-keeps',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('task presets follow the paper (spec 3.8)', () => {
    expect(COW_PRESETS.normal).toMatchObject({ preserveSteps: [4, 3], finalEta: 0 });
    expect(COW_PRESETS['attribute-editing']).toMatchObject({ preserveSteps: [4], finalEta: 0.1 });
    expect(COW_PRESETS['style-transfer']).toMatchObject({ preserveSteps: [4], finalEta: 1 });
    expect(COW_PRESETS.consistent.bookkeeping).toBe('consistent');
  });

  it('snaps canvas and box down to multiples of 8 and sorts preserve steps', () => {
    const c = resolveCowConfig('reference', {
      canvasWidth: 130,
      canvasHeight: 100,
      box: { x: 13, y: 7, width: 67, height: 60 },
      preserveSteps: [3, 4],
    });
    expect([c.canvasWidth, c.canvasHeight]).toEqual([128, 96]);
    expect(c.box).toEqual({ x: 8, y: 0, width: 64, height: 56 });
    expect(c.preserveSteps).toEqual([4, 3]);
  });

  it('rejects bad fields with InvalidArgumentError naming them', () => {
    rejects(() => resolveCowConfig('reference', { bandStart: 5, bandEnd: 5 }), 'config.bandEnd');
    rejects(() => resolveCowConfig('reference', { bandStart: 4, bandEnd: 6 }), 'config.bandEnd');
    rejects(() => resolveCowConfig('reference', { cycles: 0 }), 'config.cycles');
    rejects(
      () => resolveCowConfig('reference', { box: { x: 300, y: 0, width: 256, height: 256 } }),
      'config.box',
    );
    rejects(
      () => resolveCowConfig('reference', { box: { x: -8, y: 0, width: 64, height: 64 } }),
      'config.box',
    );
    rejects(() => resolveCowConfig('reference', { canvasWidth: 128, canvasHeight: 128 }), 'config.box');
    rejects(() => resolveCowConfig('reference', { preserveSteps: [5] }), 'config.preserveSteps[0]');
    rejects(() => resolveCowConfig('reference', { preserveSteps: [4, 4] }), 'config.preserveSteps');
    rejects(() => resolveCowConfig('reference', { cycleEta: -1 }), 'config.cycleEta');
    rejects(() => resolveCowConfig('reference', { bandStart: 10 }), 'config.bandStart');
    rejects(() => resolveCowConfig('reference', { backgroundColor: [0, 0, 256] }), 'config.backgroundColor');
    rejects(() => resolveCowConfig('nope' as 'reference'), 'preset');
    rejects(() => resolveCowConfig('reference', { colour: 1 } as object), 'config.colour');
  });
});
