import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  type Backend,
  createNoiseGenerator,
  createTxt2ImgPipeline,
  createVaeLight,
  cropRegion,
  type Float32Tensor,
  InvalidArgumentError,
  imageToTensor,
  ModelIOError,
  ModelLoadError,
  type ProgressEvent,
  type RgbImage,
  randn,
  type StableDiffusionModels,
  tensorToImage,
} from '@sow/core';
import {
  ensureTestModels,
  rejection,
  TEST_MODEL_SPECS,
  TEST_MODEL_VARIANTS,
  type TestModelVariant,
  testModelDir,
} from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';
import { decodeImage } from './decode-image.js';
import { encodePng } from './encode-png.js';
import { loadStableDiffusionFromDir } from './load-stable-diffusion-from-dir.js';

const REPO = resolve(import.meta.dirname, '../../..');
const VAELIGHT = resolve(REPO, '../shared/models/vaelight');
/**
 * A real photograph available offline: OpenCV's `fruits.jpg` from the Debian package `opencv-doc`
 * (installed by `.ci/run`), or any photo named by `SOW_TEST_PHOTO`.
 */
const PHOTO = process.env.SOW_TEST_PHOTO ?? '/usr/share/doc/opencv-doc/examples/data/fruits.jpg';

const SMALL = { width: 64, height: 64, steps: 2, guidanceScale: 7.5 } as const;
const PROMPT = 'a photo of a cat';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Peak signal-to-noise ratio of two 8-bit images of the same size, in dB. */
function psnr(a: RgbImage, b: RgbImage): number {
  let se = 0;
  for (let i = 0; i < a.data.length; i++) se += ((a.data[i] ?? 0) - (b.data[i] ?? 0)) ** 2;
  return 10 * Math.log10((255 * 255) / (se / a.data.length));
}

let backend: Backend;
let scratch: string;

beforeAll(async () => {
  await ensureTestModels();
  backend = await createOrtNodeBackend({ device: 'cpu' });
  scratch = await mkdtemp(join(tmpdir(), 'sow-sd-'));
});

afterAll(async () => {
  await backend?.dispose();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

/** A writable copy of a generated variant, to break on purpose. */
async function copyOf(variant: TestModelVariant, name: string): Promise<string> {
  const dir = join(scratch, name);
  await cp(testModelDir(variant), dir, { recursive: true });
  return dir;
}

/** Largest absolute elementwise difference of two same-shaped tensors. */
function maxAbsDiff(a: Float32Tensor, b: Float32Tensor): number {
  expect(a.shape).toEqual(b.shape);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)));
  return m;
}

/**
 * The generated variants are one network (same seeded weights) exported in different conventions, so
 * every variant must reproduce the diffusers-script variant's numbers: a second implementation of each
 * exporter adaptation (int64 and scalar timesteps, int64 ids, mean half of `latent_parameters`, fp16).
 */
let reference: Promise<{ latents: Float32Tensor; image: Float32Tensor; encoded: Float32Tensor }> | undefined;
function referenceRun() {
  reference ??= (async () => {
    const models = await loadStableDiffusionFromDir(testModelDir('diffusers'), { backend });
    try {
      const { latents, image } = await createTxt2ImgPipeline(models).generate({
        ...SMALL,
        prompt: PROMPT,
        seed: 7,
      });
      const pixels = imageToTensor(image);
      return { latents, image: pixels, encoded: await models.vaeEncoder.encode(pixels) };
    } finally {
      await models.dispose();
    }
  })();
  return reference;
}

describe('txt2img on every generated exporter variant', () => {
  it.each(TEST_MODEL_VARIANTS)(
    '%s: loads, generates a 64×64 image and matches the reference export',
    async (variant) => {
      const ref = await referenceRun();
      const tolerance = TEST_MODEL_SPECS[variant].float === 'float16' ? 0.1 : 1e-3;
      const before = backend.openSessions;
      const models = await loadStableDiffusionFromDir(testModelDir(variant), { backend });
      try {
        expect(backend.openSessions).toBe(before + 4);
        const events: ProgressEvent[] = [];
        const result = await createTxt2ImgPipeline(models).generate({
          ...SMALL,
          prompt: PROMPT,
          seed: 7,
          onProgress: (e) => events.push(e),
        });
        expect(result.image.width).toBe(64);
        expect(result.image.height).toBe(64);
        expect(result.latents.shape).toEqual([1, 4, 8, 8]);
        expect(result.unetCalls).toBe(2);
        expect(result.device).toBe('cpu');
        expect(result.seed).toBe(7);
        expect(result.config).toMatchObject(SMALL);
        expect(result.warnings).toEqual([]);
        expect(maxAbsDiff(result.latents, ref.latents)).toBeLessThan(tolerance);
        expect(maxAbsDiff(await models.vaeEncoder.encode(ref.image), ref.encoded)).toBeLessThan(tolerance);
        // The image is the decoder's view of the returned latents, clamped to [-1, 1] (these random
        // decoders overshoot: the image uses the full 0..255 range).
        const decoded = await models.vaeDecoder.decode(result.latents);
        expect(Math.min(...decoded.data)).toBe(-1);
        expect(Math.max(...decoded.data)).toBe(1);
        expect(sha256(tensorToImage(decoded).data)).toBe(sha256(result.image.data));
        // Progress: the total is fixed up front (text encoder + 2 UNet + VAE) and counts up to it.
        const steps = events.filter((e) => e.type === 'step');
        expect(steps.map((e) => e.completed)).toEqual([1, 2, 3, 4]);
        expect(new Set(steps.map((e) => e.total))).toEqual(new Set([4]));
      } finally {
        await models.dispose();
      }
      expect(backend.openSessions).toBe(before);
    },
  );

  it('samples the posterior as mean + exp(logvar / 2) · noise when given noise (latent_parameters export)', async () => {
    const ref = await referenceRun();
    const dir = testModelDir('optimum');
    const models = await loadStableDiffusionFromDir(dir, { backend });
    const raw = await backend.loadSession({ location: join(dir, 'vae_encoder/model.onnx') });
    try {
      const noise = randn(createNoiseGenerator('posterior'), [1, 4, 8, 8]);
      const sampled = await models.vaeEncoder.encode(ref.image, { noise });
      const params = (await raw.run({ sample: ref.image })).latent_parameters as Float32Tensor;
      const k = models.vaeEncoder.scalingFactor;
      const plane = 4 * 8 * 8;
      const expected = Float32Array.from(
        noise.data,
        (z, i) => k * ((params.data[i] ?? 0) + Math.exp(0.5 * (params.data[plane + i] ?? 0)) * z),
      );
      expect(maxAbsDiff(sampled, { dtype: 'float32', shape: [1, 4, 8, 8], data: expected })).toBeLessThan(
        1e-5,
      );
    } finally {
      await raw.dispose();
      await models.dispose();
    }
  });
});

describe('determinism', () => {
  let models: StableDiffusionModels;
  const variant: TestModelVariant = 'diffusers';

  beforeAll(async () => {
    models = await loadStableDiffusionFromDir(testModelDir(variant), { backend });
  });
  afterAll(async () => {
    await models?.dispose();
  });

  const run = async (seed: number, eta = 0.5) =>
    sha256(
      (await createTxt2ImgPipeline(models).generate({ ...SMALL, eta, prompt: PROMPT, seed })).image.data,
    );

  it('gives a bit-identical image for the same seed, in this process and in another one', async () => {
    const script = join(scratch, 'txt2img-hash.mts');
    await writeFile(
      script,
      [
        `import { createHash } from 'node:crypto';`,
        `import { createTxt2ImgPipeline } from '@sow/core';`,
        `import { createOrtNodeBackend } from '@sow/backend-ort-node';`,
        `import { loadStableDiffusionFromDir } from ${JSON.stringify(resolve(import.meta.dirname, 'load-stable-diffusion-from-dir.ts'))};`,
        `const backend = await createOrtNodeBackend({ device: 'cpu' });`,
        `const models = await loadStableDiffusionFromDir(process.argv[2], { backend });`,
        `const { image } = await createTxt2ImgPipeline(models).generate(${JSON.stringify({ ...SMALL, eta: 0.5, prompt: PROMPT, seed: 11 })});`,
        `process.stdout.write(createHash('sha256').update(image.data).digest('hex'));`,
        `await backend.dispose();`,
      ].join('\n'),
    );
    const child = promisify(execFile)(process.execPath, ['--import', 'tsx', script, testModelDir(variant)], {
      cwd: REPO,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO, 'tsconfig.json') },
    });
    const first = await run(11);
    expect(await run(11)).toBe(first);
    expect((await child).stdout.trim()).toBe(first);
  });

  it('gives different images for different seeds', async () => {
    expect(await run(12)).not.toBe(await run(13));
  });

  it('warns about a prompt over 77 tokens and still generates', async () => {
    const result = await createTxt2ImgPipeline(models).generate({
      ...SMALL,
      prompt: Array.from({ length: 100 }, (_, i) => `word${i}`).join(' '),
      seed: 1,
    });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/truncated/);
    expect(result.image.width).toBe(64);
  });

  it('rejects a size that is not a multiple of 8, or too small, before any model call', async () => {
    const events: ProgressEvent[] = [];
    const txt2img = createTxt2ImgPipeline(models);
    for (const size of [{ width: 100 }, { height: 32 }]) {
      const error = await rejection(
        txt2img.generate({ ...SMALL, ...size, prompt: PROMPT, onProgress: (e) => events.push(e) }),
      );
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe(Object.keys(size)[0]);
    }
    expect(events).toEqual([]);
  });

  it('stops at the next model call when aborted and rejects with the reason itself', async () => {
    const controller = new AbortController();
    const reason = new Error('stop here');
    const steps: number[] = [];
    const error = await rejection(
      createTxt2ImgPipeline(models).generate({
        ...SMALL,
        steps: 3,
        prompt: PROMPT,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type !== 'step') return;
          steps.push(e.completed);
          if (e.completed === 2) controller.abort(reason);
        },
      }),
    );
    expect(error).toBe(reason);
    expect(steps).toEqual([1, 2]);
  });
});

describe('bad model folders', () => {
  const variant: TestModelVariant = 'diffusers';

  it('names the path of a missing folder', async () => {
    const dir = join(scratch, 'no-such-folder');
    const error = await rejection(loadStableDiffusionFromDir(dir, { backend }));
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).location).toBe(dir);
    expect((error as Error).message).toContain(dir);
  });

  it('reports the load phase, and rejects with the reason itself when aborted', async () => {
    const events: ProgressEvent[] = [];
    const models = await loadStableDiffusionFromDir(testModelDir(variant), {
      backend,
      onProgress: (e) => events.push(e),
    });
    await models.dispose();
    expect(events.map((e) => e.type)).toEqual(['phase-start', 'phase-end']);
    const before = backend.openSessions;
    const reason = new Error('not now');
    const error = await rejection(
      loadStableDiffusionFromDir(testModelDir(variant), { backend, signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
    expect(backend.openSessions).toBe(before);
  });

  it('names the path of a missing tokenizer file', async () => {
    const dir = await copyOf(variant, 'no-merges');
    await rm(join(dir, 'tokenizer/merges.txt'));
    const error = await rejection(loadStableDiffusionFromDir(dir, { backend }));
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(join(dir, 'tokenizer/merges.txt'));
  });

  it('gives ModelLoadError for a corrupt .onnx and disposes the sessions already opened', async () => {
    const dir = await copyOf(variant, 'corrupt-unet');
    await writeFile(
      join(dir, 'unet/model.onnx'),
      new TextEncoder().encode('this is not a protobuf'.repeat(50)),
    );
    const before = backend.openSessions;
    const error = await rejection(loadStableDiffusionFromDir(dir, { backend }));
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('unet');
    expect(backend.openSessions).toBe(before);
  });

  it('gives ModelIOError naming role, missing and unexpected names for a model in the wrong role', async () => {
    const dir = await copyOf(variant, 'decoder-as-unet');
    await cp(join(dir, 'vae_decoder/model.onnx'), join(dir, 'unet/model.onnx'));
    const before = backend.openSessions;
    const error = await rejection(loadStableDiffusionFromDir(dir, { backend }));
    expect(ModelIOError.isInstance(error)).toBe(true);
    const io = error as ModelIOError;
    expect(io.role).toBe('unet');
    expect([...io.missing].sort()).toEqual(['encoder_hidden_states', 'out_sample', 'sample', 'timestep']);
    expect(io.unexpected).toContain('latent_sample');
    expect(backend.openSessions).toBe(before);
  });
});

describe('VAElight through the library (real trained weights, real photo)', () => {
  it('round-trips a photograph at ≥ 20 dB PSNR: decode, encode, scale, unscale, decode, PNG', async () => {
    const photo = decodeImage(new Uint8Array(await readFile(PHOTO)));
    const size = 256;
    const top = Math.floor((photo.height - size) / 2);
    const left = Math.floor((photo.width - size) / 2);
    const pixels = cropRegion(imageToTensor(photo), { x: left, y: top, width: size, height: size });
    const original = tensorToImage(pixels);
    const vae = await createVaeLight({
      backend,
      encoder: { location: join(VAELIGHT, 'VAEencoder.onnx') },
      decoder: { location: join(VAELIGHT, 'VAEpreview.onnx') },
    });
    try {
      const latents = await vae.vaeEncoder.encode(pixels);
      expect(latents.shape).toEqual([1, 4, size / 8, size / 8]);
      // At UNet scale, SD latents have a standard deviation near 1 (that is what 0.18215 is for).
      const mean = latents.data.reduce((s, v) => s + v, 0) / latents.data.length;
      const std = Math.sqrt(latents.data.reduce((s, v) => s + (v - mean) ** 2, 0) / latents.data.length);
      expect(std).toBeGreaterThan(0.3);
      expect(std).toBeLessThan(3);
      const decoded = tensorToImage(await vae.vaeDecoder.decode(latents));
      const reread = decodeImage(encodePng(decoded));
      expect(reread.width).toBe(size);
      expect(psnr(reread, original)).toBeGreaterThanOrEqual(20);
    } finally {
      await vae.dispose();
    }
  });
});
