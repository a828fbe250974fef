/**
 * Text-to-image against diffusers 0.17.1 (`StableDiffusionPipeline` + `DDIMScheduler`, CPU generator):
 * `../shared/reference/diffusers-txt2img/cat-seed1/` recorded a run on the tiny pipeline in
 * `../shared/reference/tiny-sd/`. With `noise: 'torch-cpu'` the same seed must give the same initial
 * latents (bit for bit), the same latents after every step and the same image.
 */
import { join } from 'node:path';
import {
  type Backend,
  classifierFreeGuidance,
  concatBatch,
  createTorchCpuGenerator,
  createTxt2ImgPipeline,
  ddimStep,
  ddimTimesteps,
  encodePrompts,
  type Float32Tensor,
  randn,
  type StableDiffusionModels,
  splitBatch,
} from '@sow/core';
import { PYTHON_REFERENCE_DIR, readPythonRecording, relativeRms } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';
import { loadStableDiffusionFromDir } from './load-stable-diffusion-from-dir.js';

const REC = readPythonRecording(join(PYTHON_REFERENCE_DIR, 'diffusers-txt2img/cat-seed1'));

let backend: Backend;
let models: StableDiffusionModels;

beforeAll(async () => {
  backend = await createOrtNodeBackend({ device: 'cpu' });
  models = await loadStableDiffusionFromDir(join(PYTHON_REFERENCE_DIR, 'tiny-sd'), { backend });
});

afterAll(async () => {
  await models?.dispose();
  await backend?.dispose();
});

describe("txt2img with noise 'torch-cpu' against diffusers", () => {
  it('reproduces the recorded run of seed 1: initial latents exact, every step and the final latents within 1e-4', {
    timeout: 240_000,
  }, async () => {
    const samples: Float32Tensor[] = [];
    const unet = {
      inChannels: models.unet.inChannels,
      predict: (
        input: Parameters<typeof models.unet.predict>[0],
        options?: Parameters<typeof models.unet.predict>[1],
      ) => {
        samples.push(input.sample);
        return models.unet.predict(input, options);
      },
    };
    const steps: Float32Tensor[] = [];
    const result = await createTxt2ImgPipeline({ ...models, unet }).generate({
      prompt: 'a photo of a cat',
      seed: 1,
      noise: 'torch-cpu',
      steps: 10,
      guidanceScale: 7.5,
      eta: 0,
      width: 512,
      height: 512,
      previews: true,
      onProgress: (e) => {
        if (e.type === 'preview') steps.push(e.latents);
      },
    });
    expect(result.noise).toBe('torch-cpu');

    const initial = REC.tensor('rng_000').data;
    const firstSample = samples[0]!.data.subarray(0, initial.length);
    expect(Buffer.from(firstSample.buffer, firstSample.byteOffset, firstSample.byteLength)).toEqual(
      Buffer.from(initial.buffer),
    );
    expect(steps).toHaveLength(10);
    const errors = steps.map((s, k) => relativeRms(s.data, REC.tensor(`latents_0${k}`).data));
    expect(errors.filter((e) => !(e <= 1e-4))).toEqual([]);
    expect(relativeRms(result.latents.data, REC.tensor('final_latents').data)).toBeLessThanOrEqual(1e-4);

    const reference = REC.bytes('image.rgb');
    let off = 0;
    let maxDiff = 0;
    for (let i = 0; i < reference.length; i++) {
      const d = Math.abs((result.image.data[i] ?? 0) - (reference[i] ?? 0));
      if (d > 0) off += 1;
      maxDiff = Math.max(maxDiff, d);
    }
    expect(maxDiff).toBeLessThanOrEqual(1);
    expect(off / reference.length).toBeLessThan(1e-3);
  });

  it('draws the eta noise of every step from the same generator after the initial latents, as diffusers does', {
    timeout: 120_000,
  }, async () => {
    const prompt = 'a photo of a cat';
    const settings = { steps: 3, guidanceScale: 7.5, eta: 0.7, width: 64, height: 64 };
    const result = await createTxt2ImgPipeline(models).generate({
      prompt,
      seed: 3,
      noise: 'torch-cpu',
      ...settings,
    });

    // diffusers: latents = randn(shape, generator); then per step step(..., eta, generator) draws randn(shape, generator).
    const { embeddings } = await encodePrompts(models, ['', prompt]);
    const g = createTorchCpuGenerator(3);
    let latents = randn(g, [1, 4, 8, 8]);
    for (const timestep of ddimTimesteps(models.schedule, settings.steps)) {
      const [uncond, cond] = splitBatch(
        await models.unet.predict({
          sample: concatBatch([latents, latents]),
          timestep,
          encoderHiddenStates: embeddings,
        }),
      );
      latents = ddimStep({
        schedule: models.schedule,
        modelOutput: classifierFreeGuidance(uncond!, cond!, settings.guidanceScale),
        timestep,
        sample: latents,
        numInferenceSteps: settings.steps,
        eta: settings.eta,
        generator: g,
      }).prevSample;
    }
    expect([...result.latents.data]).toEqual([...latents.data]);
  });
});
