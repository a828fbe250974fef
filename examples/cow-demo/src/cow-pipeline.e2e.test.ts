import { createHash } from 'node:crypto';
import { createOrtNodeBackend, openModelFolder } from '@sow/backend-ort-node';
import {
  type Backend,
  type CowGenerateOptions,
  createCowPipeline,
  InvalidArgumentError,
  loadStableDiffusion,
  type ProgressEvent,
  type RgbImage,
  type StableDiffusionModels,
} from '@sow/core';
import { ensureTestModels, testModelDir } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// COW end to end on the generated SD-shaped models (tiny random weights), at a 128 px canvas with a 64 px
// box: 16x16 canvas latents and an 8x8 condition latent.
const SMALL: Omit<CowGenerateOptions, 'image'> = {
  prompt: 'a photo of a person attending a formal event',
  preset: 'reference',
  box: { x: 32, y: 0, width: 64, height: 64 },
  config: { canvasWidth: 128, canvasHeight: 128, cycles: 2 },
};

/** An 80x80 RGB test card: a bright disc on a dark ground. */
const face: RgbImage = {
  width: 80,
  height: 80,
  channels: 3,
  data: Uint8Array.from({ length: 80 * 80 * 3 }, (_, i) => {
    const p = Math.floor(i / 3);
    const d = Math.hypot((p % 80) - 40, Math.floor(p / 80) - 40);
    return d < 25 ? ([230, 180, 150][i % 3] ?? 0) : 30;
  }),
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let backend: Backend;
let models: StableDiffusionModels;

beforeAll(async () => {
  ensureTestModels(['optimum']);
  backend = await createOrtNodeBackend({ device: 'cpu' });
  models = await loadStableDiffusion({ backend, folder: openModelFolder(testModelDir('optimum')) });
});

afterAll(async () => {
  await backend?.dispose();
});

describe('createCowPipeline on the generated test models', () => {
  it('pads a box whose side the UNet cannot take (56 px = 7 latent cells) before inverting it', async () => {
    const box = { x: 16, y: 8, width: 56, height: 56 };
    const options = { ...SMALL, box, image: face, seed: 3, intermediates: true };
    const result = await createCowPipeline(models).generate(options);
    expect(result.config.box).toEqual(box);
    expect(result.latents.shape).toEqual([1, 4, 16, 16]);
    expect(result.latents.data.every(Number.isFinite)).toBe(true);
    // Without padding the tiny UNet's skip connections cannot match a 7x7 latent.
    await expect(
      createCowPipeline(models).generate({
        ...options,
        config: { ...SMALL.config, conditionPadMultiple: 8 },
      }),
    ).rejects.toThrow();
  });

  it('runs the reference plan, reports totals up front and is bit-identical for a seed', async () => {
    const events: ProgressEvent[] = [];
    const cow = createCowPipeline(models);
    const first = await cow.generate({ ...SMALL, image: face, seed: 42, onProgress: (e) => events.push(e) });
    expect([first.image.width, first.image.height]).toEqual([128, 128]);
    expect(first.latents.shape).toEqual([1, 4, 16, 16]);
    expect(first.latents.data.every(Number.isFinite)).toBe(true);
    // Reference plan with 2 cycles: 7 + 5 + 2 x 2 + 5 UNet calls.
    expect(first.unetCalls).toBe(21);
    expect(first.seed).toBe(42);
    expect(first.device).toBe('cpu');
    expect(first.config.box).toEqual({ x: 32, y: 0, width: 64, height: 64 });
    expect(Object.keys(first.timings.phases).sort()).toEqual(
      ['cycles', 'decode', 'final', 'invert-canvas', 'invert-condition'].sort(),
    );
    const steps = events.filter((e) => e.type === 'step');
    // Text encoder + 2 VAE encodes + 21 UNet calls + 1 decode.
    expect(steps.map((e) => e.completed)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(steps.map((e) => e.total))).toEqual(new Set([25]));

    const again = await cow.generate({ ...SMALL, image: face, seed: 42 });
    expect(sha256(again.image.data)).toBe(sha256(first.image.data));
    expect(sha256(new Uint8Array(again.latents.data.buffer))).toBe(
      sha256(new Uint8Array(first.latents.data.buffer)),
    );
    const other = await cow.generate({ ...SMALL, image: face, seed: 43, intermediates: true });
    // After the canvas inversion, after each of the 2 cycles and after each of the 5 final steps.
    expect(other.intermediates?.map((i) => i.phase)).toEqual([
      'invert-canvas',
      'cycles',
      'cycles',
      ...Array(5).fill('final'),
    ]);
    expect(other.intermediates?.map((i) => i.level)).toEqual([501, 501, 501, 401, 201, 101, 1, -99]);
    expect(sha256(new Uint8Array(other.latents.data.buffer))).not.toBe(
      sha256(new Uint8Array(first.latents.data.buffer)),
    );
  });

  it('rejects bad input with InvalidArgumentError naming the field before any model call', async () => {
    const cow = createCowPipeline(models);
    let progressed = false;
    const onProgress = () => {
      progressed = true;
    };
    const cases: [Partial<CowGenerateOptions>, string][] = [
      [{ image: { ...face, channels: 2 } as unknown as RgbImage }, 'image.channels'],
      [{ box: { x: 96, y: 0, width: 64, height: 64 } }, 'config.box'],
      [{ config: { ...SMALL.config, bandStart: 5, bandEnd: 5 } }, 'config.bandEnd'],
      [{ config: { ...SMALL.config, cycles: 0 } }, 'config.cycles'],
      [{ mask: { width: 40, height: 80, channels: 3, data: new Uint8Array(40 * 80 * 3) } }, 'mask'],
    ];
    for (const [override, argument] of cases) {
      const error = await cow
        .generate({ ...SMALL, image: face, seed: 1, onProgress, ...override })
        .catch((e) => e);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect(progressed).toBe(false);
  });

  it('an abort mid-cycle rejects with the signal reason and leaves no session open after dispose', async () => {
    const own = await createOrtNodeBackend({ device: 'cpu' });
    const local = await loadStableDiffusion({
      backend: own,
      folder: openModelFolder(testModelDir('optimum')),
    });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    let unetSteps = 0;
    const run = createCowPipeline(local).generate({
      ...SMALL,
      image: face,
      seed: 3,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'step' && e.phase === 'cycles' && ++unetSteps === 2) controller.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    await local.dispose();
    expect(own.openSessions).toBe(0);
    await own.dispose();
  });
});
