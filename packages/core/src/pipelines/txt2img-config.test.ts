import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { DEFAULT_TXT2IMG_CONFIG, resolveTxt2ImgConfig } from './txt2img-config.js';

describe('resolveTxt2ImgConfig', () => {
  it('fills the documented defaults (SD 2.1-base: 512², 50 steps, w = 7.5, η = 0)', () => {
    expect(resolveTxt2ImgConfig({})).toEqual({
      steps: 50,
      guidanceScale: 7.5,
      eta: 0,
      width: 512,
      height: 512,
    });
    expect(Object.isFrozen(DEFAULT_TXT2IMG_CONFIG)).toBe(true);
  });

  it('keeps overrides and returns a frozen config', () => {
    const config = resolveTxt2ImgConfig({ steps: 3, width: 64, height: 128, eta: 1 });
    expect(config).toEqual({ steps: 3, guidanceScale: 7.5, eta: 1, width: 64, height: 128 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['steps', { steps: 0 }],
    ['steps', { steps: 2.5 }],
    ['guidanceScale', { guidanceScale: -1 }],
    ['eta', { eta: Number.NaN }],
    ['width', { width: 100 }],
    ['height', { height: 32 }],
  ])('rejects a bad %s', (argument, overrides) => {
    expect(() => resolveTxt2ImgConfig(overrides)).toThrow(InvalidArgumentError);
    try {
      resolveTxt2ImgConfig(overrides);
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as InvalidArgumentError).fn).toBe('Txt2ImgPipeline.generate');
    }
  });
});
