import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Backend,
  createCowPipeline,
  createSowPipeline,
  createTxt2ImgPipeline,
  ddimTimesteps,
  NumericalError,
  type ProgressEvent,
  type StableDiffusionModels,
} from '@sow/core';
import { ensureTestModels, poisonOutput } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';
import { loadStableDiffusionFromDir } from './load-stable-diffusion-from-dir.js';

const TXT2IMG = { prompt: 'a cat', width: 64, height: 64, steps: 2, seed: 3 } as const;
const IMAGE = { width: 16, height: 16, channels: 3 as const, data: new Uint8Array(16 * 16 * 3).fill(180) };
const SOW_INPUT = {
  image: IMAGE,
  prompt: 'a person',
  config: { canvasWidth: 64, canvasHeight: 64, cycles: 2 },
  seed: 5,
};
const COW = { ...SOW_INPUT, box: { x: 16, y: 0, width: 32, height: 32 } };

/** Rejection of a promise, or a failure when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<NumericalError> {
  try {
    await promise;
  } catch (error) {
    expect(NumericalError.isInstance(error)).toBe(true);
    return error as NumericalError;
  }
  throw new Error('expected a NumericalError');
}

/** The first `step` event that ran at `timestep`, from a clean run's progress: where a poisoned run must stop. */
function firstCallAt(events: readonly ProgressEvent[], timestep: number) {
  const hit = events.find((e) => e.type === 'step' && e.timestep === timestep);
  if (hit?.type !== 'step') throw new Error(`no call at timestep ${timestep}`);
  return { phase: hit.phase, step: hit.completed };
}

describe('NumericalError: non-finite model outputs stop txt2img, COW and SOW', () => {
  let backend: Backend;
  let source: string;
  let work: string;
  const loaded: StableDiffusionModels[] = [];

  /** A copy of the `optimum` pipeline with one graph's output poisoned. */
  async function poisoned(
    name: string,
    role: string,
    options: Parameters<typeof poisonOutput>[1],
    load: { attentionModulation?: boolean; checkFinite?: boolean } = {},
  ): Promise<StableDiffusionModels> {
    const dir = join(work, name);
    await cp(source, dir, { recursive: true });
    const graph = join(dir, role, 'model.onnx');
    await writeFile(graph, poisonOutput(new Uint8Array(await readFile(graph)), options));
    const models = await loadStableDiffusionFromDir(dir, { backend, ...load });
    loaded.push(models);
    return models;
  }

  beforeAll(async () => {
    source = ensureTestModels(['optimum']).optimum;
    work = await mkdtemp(join(tmpdir(), 'sow-nan-'));
    backend = await createOrtNodeBackend({ device: 'cpu' });
  });
  afterAll(async () => {
    await Promise.all(loaded.map((m) => m.dispose()));
    await backend?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('txt2img: a UNet NaN at the second step, a VAE decoder infinity at the decode; checkFinite: false lets them through', async () => {
    const clean = await loadStableDiffusionFromDir(source, { backend });
    loaded.push(clean);
    const [, second = 0] = ddimTimesteps(clean.schedule, TXT2IMG.steps);
    const unet = await poisoned('unet-nan', 'unet', {
      output: 'out_sample',
      value: Number.NaN,
      timesteps: [second],
    });
    const error = await rejection(createTxt2ImgPipeline(unet).generate(TXT2IMG));
    expect(error).toMatchObject({ code: 'NUMERICAL', role: 'unet', output: 'out_sample', phase: 'denoise' });
    expect(error).toMatchObject({
      step: 3,
      timestep: second,
      nonFinite: 2 * 4 * 8 * 8,
      total: 2 * 4 * 8 * 8,
    });
    expect(error.message).toContain(`timestep ${second}`);

    const decoder = await poisoned('vae-inf', 'vae_decoder', {
      output: 'sample',
      value: Number.POSITIVE_INFINITY,
    });
    const decodeError = await rejection(createTxt2ImgPipeline(decoder).generate(TXT2IMG));
    expect(decodeError).toMatchObject({ role: 'vae_decoder', phase: 'decode', step: 4, timestep: undefined });
    expect(decodeError.hint).toMatch(/fp32|float32/);

    const unchecked = await poisoned(
      'vae-inf-unchecked',
      'vae_decoder',
      { output: 'sample', value: Number.POSITIVE_INFINITY },
      { checkFinite: false },
    );
    const { image } = await createTxt2ImgPipeline(unchecked).generate(TXT2IMG);
    expect(image.data.every((v) => v === 255)).toBe(true); // the silent white image the check prevents
  });

  it('COW and SOW stop at the first UNet call of the poisoned timestep, in its phase and step', async () => {
    const clean = await loadStableDiffusionFromDir(source, { backend, attentionModulation: true });
    loaded.push(clean);
    const events: ProgressEvent[] = [];
    await createCowPipeline(clean).generate({ ...COW, onProgress: (e) => events.push(e) });
    const cycle = events.find((e) => e.type === 'step' && e.phase === 'cycles');
    const timestep = cycle?.type === 'step' ? (cycle.timestep ?? -1) : -1;
    const expected = firstCallAt(events, timestep);

    const unet = await poisoned('cow-inf', 'unet', {
      output: 'out_sample',
      value: Number.NEGATIVE_INFINITY,
      timesteps: [timestep],
    });
    const cowError = await rejection(createCowPipeline(unet).generate(COW));
    expect(cowError).toMatchObject({ role: 'unet', timestep, ...expected });

    const modulated = await poisoned(
      'sow-nan',
      'unet',
      { output: 'out_sample', value: Number.NaN, timesteps: [timestep] },
      { attentionModulation: true },
    );
    const sowError = await rejection(createSowPipeline(modulated).generate({ ...SOW_INPUT }));
    expect(sowError).toMatchObject({ role: 'unet', timestep, phase: expected.phase });
  });
});
