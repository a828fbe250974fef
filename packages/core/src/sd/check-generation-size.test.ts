import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkGenerationSize } from './check-generation-size.js';

describe('checkGenerationSize', () => {
  it('accepts multiples of 8 from 64 up', () => {
    for (const [w, h] of [
      [64, 64],
      [512, 512],
      [768, 512],
      [72, 1024],
    ] as const) {
      expect(() => checkGenerationSize('f', w, h)).not.toThrow();
    }
  });

  it.each([
    ['width', 500, 512],
    ['height', 512, 100],
    ['width', 56, 512],
    ['height', 512, 0],
    ['width', 64.5, 64],
    ['width', Number.NaN, 64],
    ['height', 64, -64],
  ])('rejects a bad %s (%s × %s) with InvalidArgumentError naming it', (argument, w, h) => {
    let caught: unknown;
    try {
      checkGenerationSize('myPipeline', w, h);
    } catch (error) {
      caught = error;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    const error = caught as InvalidArgumentError;
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(new RegExp(`^myPipeline: ${argument} must be a multiple of 8`));
  });
});
