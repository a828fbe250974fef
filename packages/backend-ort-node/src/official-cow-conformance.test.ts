/**
 * Conformance with the official COW code (`wangruoyu02/COW@2943d2f`, `pipeline_COW.py` unmodified,
 * diffusers 0.17.1): `../shared/reference/cow-official/` recorded its run on the tiny pipeline in
 * `../shared/reference/tiny-sd/` with every random draw and the latent after every op. These tests feed
 * the recorded latents, embeddings and draws into the public executor (`runCowSchedule` with the
 * `reference` preset's plan) and compare every op's output with the official one.
 */
import { join } from 'node:path';
import {
  type Backend,
  COW_PRESETS,
  type CowOp,
  cowSchedule,
  createCowPipeline,
  createCowSeed,
  type Float32Tensor,
  imageToTensor,
  regionCanvasMask,
  runCowSchedule,
  type StableDiffusionModels,
} from '@sow/core';
import { createReplayNoise, PYTHON_REFERENCE_DIR, readPythonRecording, relativeRms } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';
import { loadStableDiffusionFromDir } from './load-stable-diffusion-from-dir.js';

const REC = readPythonRecording(join(PYTHON_REFERENCE_DIR, 'cow-official/recorded'));

/** The official run's 78 latent checkpoints, in op order (from the recording's README, not from our plan). */
const CHECKPOINTS: readonly string[] = [
  ...Array.from({ length: 7 }, (_, k) => `inv_face_${k}`),
  ...Array.from({ length: 5 }, (_, k) => `inv_canvas_${k}`),
  ...Array.from({ length: 10 }, (_, k) =>
    ['renoise', 'put701', 'step601', 'put601', 'step501', 'put501'].map((s) => `c${k}_${s}`),
  ).flat(),
  'final_step401',
  'final_put401',
  'final_step301',
  'final_step201',
  'final_step101',
  'final_step1',
];

/** The recorded draws of one stream: generator draws after the two VAE samples (eta), or the global ones (renoise). */
function draws(stream: 'eta' | 'renoise'): Float32Tensor[] {
  return REC.index.records
    .filter((r) => r.name.startsWith('rng_'))
    .filter((r) =>
      stream === 'renoise' ? r.source === 'global' : r.source === 'generator' && r.phase !== 'encode',
    )
    .map((r) => REC.tensor(r.name));
}

const channel0 = (t: Float32Tensor): Float32Tensor => {
  const [, , h = 0, w = 0] = t.shape;
  return { dtype: 'float32', shape: [1, 1, h, w], data: t.data.slice(0, h * w) };
};

const REGION = { x: 16, y: 0, mask: channel0(REC.tensor('latent_mask')) };
const EMBEDDINGS = {
  unconditional: REC.tensor('emb_uncond'),
  prompt: REC.tensor('emb_prompt'),
  negative: REC.tensor('emb_negative'),
  suppress: REC.tensor('emb_suppress'),
  diverse: REC.tensor('emb_diverse'),
};

let backend: Backend;
let models: StableDiffusionModels;
let ops: readonly CowOp[];

beforeAll(async () => {
  backend = await createOrtNodeBackend({ device: 'cpu' });
  models = await loadStableDiffusionFromDir(join(PYTHON_REFERENCE_DIR, 'tiny-sd'), { backend });
  ops = cowSchedule(COW_PRESETS.reference, models.schedule);
});

afterAll(async () => {
  await models?.dispose();
  await backend?.dispose();
});

describe('the reference preset against the official COW code', () => {
  it('replays the whole run: every checkpoint within 1e-4 relative RMS, draws taken in the recorded order', {
    timeout: 300_000,
  }, async () => {
    const eta = createReplayNoise('eta', draws('eta'));
    const renoise = createReplayNoise('renoise', draws('renoise'));
    const outputs: { op: CowOp; latents: Float32Tensor }[] = [];
    const run = await runCowSchedule({
      ops,
      unet: models.unet,
      vaeDecoder: models.vaeDecoder,
      schedule: models.schedule,
      conditionLatents: REC.tensor('latents_face'),
      canvasLatents: REC.tensor('latents_canvas'),
      region: REGION,
      embeddings: EMBEDDINGS,
      noise: { eta, renoise },
      onLatents: ({ op, latents }) => outputs.push({ op, latents }),
    });

    expect(outputs.map((o) => o.latents.shape)).toEqual(CHECKPOINTS.map((name) => REC.record(name).shape));
    const errors = CHECKPOINTS.map((name, i) => {
      const { op, latents } = outputs[i]!;
      const recorded = REC.record(name);
      if (typeof recorded.t === 'number')
        expect(`${name}: t ${'timestep' in op ? op.timestep : '-'}`).toBe(`${name}: t ${recorded.t}`);
      if (typeof recorded.eta === 'number')
        expect(`${name}: eta ${'eta' in op ? op.eta : '-'}`).toBe(`${name}: eta ${recorded.eta}`);
      return { name, error: relativeRms(latents.data, REC.tensor(name).data) };
    });
    const worst = errors.reduce((a, b) => (b.error > a.error ? b : a));
    expect(
      errors.filter((e) => !(e.error <= 1e-4)),
      `worst ${worst.name} ${worst.error}`,
    ).toEqual([]);
    expect(relativeRms(run.latents.data, REC.tensor('final_x0').data)).toBeLessThanOrEqual(1e-4);

    const clamp = (t: Float32Tensor) => t.data.map((v) => Math.min(Math.max(v, -1), 1));
    expect(relativeRms(clamp(run.pixels!), clamp(REC.tensor('decoded')))).toBeLessThanOrEqual(1e-4);
    expect(eta.requested).toEqual(Array(25).fill(4 * 64 * 64));
    expect(renoise.requested).toEqual(Array(10).fill(4 * 64 * 64));

    // The condition latents the one-way replacements read, by level.
    for (const [level, name] of [
      [401, 'face_saved_level401_call1'],
      [501, 'face_saved_level501_call1'],
      [601, 'face_saved_level601_call2'],
      [701, 'face_saved_level701_call2'],
    ] as const) {
      expect(relativeRms(run.store.get(level).data, REC.tensor(name).data), name).toBeLessThanOrEqual(1e-4);
    }
  });

  it('runs every UNet and renoise op alone from the official latent before it (teacher forcing)', {
    timeout: 300_000,
  }, async () => {
    const etaDraws = draws('eta');
    const renoiseDraws = draws('renoise');
    const errors: { name: string; error: number; limit: number }[] = [];
    for (const [i, op] of ops.entries()) {
      if (op.kind === 'replace' || op.kind === 'decode') continue;
      const name = CHECKPOINTS[i]!;
      const before = i === 0 ? 'latents_face' : i === 7 ? 'latents_canvas' : (CHECKPOINTS[i - 1] as string);
      const eta = op.kind === 'denoise' && op.eta > 0 ? [etaDraws.shift()!] : [];
      const renoise = op.kind === 'renoise' ? [renoiseDraws.shift()!] : [];
      const isCondition = op.kind === 'invert' && op.target === 'condition';
      let out: Float32Tensor | undefined;
      await runCowSchedule({
        ops: [op],
        unet: models.unet,
        schedule: models.schedule,
        conditionLatents: isCondition ? REC.tensor(before) : REC.tensor('latents_face'),
        canvasLatents: isCondition ? REC.tensor('latents_canvas') : REC.tensor(before),
        region: REGION,
        embeddings: EMBEDDINGS,
        noise: { eta: createReplayNoise('eta', eta), renoise: createReplayNoise('renoise', renoise) },
        onLatents: ({ latents }) => {
          out = latents;
        },
      });
      const limit = op.kind === 'renoise' ? 1e-6 : 2e-5;
      errors.push({ name, error: relativeRms(out!.data, REC.tensor(name).data), limit });
    }
    expect(errors).toHaveLength(12 + 10 * 3 + 5);
    expect(errors.filter((e) => !(e.error <= e.limit))).toEqual([]);
  });

  it('builds the seed, the canvas and the masks from the input files as the official code does', () => {
    const raw = (file: string) => ({
      width: 256,
      height: 256,
      channels: 3 as const,
      data: REC.bytes(join('..', 'inputs', file)),
    });
    const seed = createCowSeed({
      image: raw('image_256.rgb'),
      mask: raw('mask_256.rgb'),
      config: COW_PRESETS.reference,
    });
    expect(relativeRms(imageToTensor(seed.seedImage).data, REC.tensor('img_face').data)).toBeLessThan(1e-6);
    expect(relativeRms(imageToTensor(seed.canvasImage).data, REC.tensor('img_canvas').data)).toBeLessThan(
      1e-6,
    );
    expect([seed.region.x, seed.region.y]).toEqual([16, 0]);
    expect([...seed.region.mask.data]).toEqual([...channel0(REC.tensor('latent_mask')).data]);
    const sampleMask = regionCanvasMask(seed.region, [1, 4, 64, 64], 'test');
    expect([...sampleMask.data]).toEqual([...channel0(REC.tensor('sample_mask')).data]);
  });

  it("with noise 'torch-cpu' the pipeline draws the official run's VAE noise, condition first", async () => {
    const drawn: Float32Tensor[] = [];
    const stop = new AbortController();
    const vaeEncoder = {
      scalingFactor: models.vaeEncoder.scalingFactor,
      encode: (image: Float32Tensor, options?: Parameters<typeof models.vaeEncoder.encode>[1]) => {
        if (options?.noise !== undefined) drawn.push(options.noise);
        if (drawn.length === 2) stop.abort(new Error('enough'));
        return models.vaeEncoder.encode(image, options);
      },
    };
    const raw = (file: string) => ({
      width: 256,
      height: 256,
      channels: 3 as const,
      data: REC.bytes(join('..', 'inputs', file)),
    });
    const run = createCowPipeline({ ...models, vaeEncoder }).generate({
      image: raw('image_256.rgb'),
      mask: raw('mask_256.rgb'),
      prompt: (REC.index.settings as { prompt: string }).prompt,
      seed: 42,
      noise: 'torch-cpu',
      signal: stop.signal,
    });
    await expect(run).rejects.toThrow('enough');
    expect(drawn.map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))).toEqual(
      ['rng_000', 'rng_001'].map((name) => Buffer.from(REC.tensor(name).data.buffer)),
    );
  });
});
