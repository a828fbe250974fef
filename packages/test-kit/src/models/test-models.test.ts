import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeModel, encodeModel } from '@sow/onnx-graph';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestModels } from './ensure-test-models.js';
import { generateTestPipelineFiles } from './generate-test-pipeline.js';
import { TEST_MODEL_SPECS, TEST_MODEL_VARIANTS, type TestModelVariant } from './test-model-variants.js';

let dirs: Record<TestModelVariant, string>;
beforeAll(() => {
  dirs = ensureTestModels();
});

/** IEEE half bits → number, written independently of the generator's converter. */
function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function floats(t: ort.Tensor): number[] {
  return t.type === 'float16'
    ? Array.from(t.data as Uint16Array, halfToNumber)
    : Array.from(t.data as Float32Array);
}

function floatTensor(variant: TestModelVariant, shape: number[], fill: (i: number) => number): ort.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: n }, (_, i) => fill(i));
  if (TEST_MODEL_SPECS[variant].float === 'float32') return new ort.Tensor('float32', values, shape);
  // Encoded independently of the generator; the inputs used here (multiples of 1/8 below 8) are exact.
  const bits = Uint16Array.from(values, (v) => {
    if (v === 0) return 0;
    const sign = v < 0 ? 0x8000 : 0;
    const a = Math.abs(v);
    const e = Math.floor(Math.log2(a));
    return sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
  });
  return new ort.Tensor('float16', bits, shape);
}

function unetFeeds(variant: TestModelVariant, batch: number, side: number): Record<string, ort.Tensor> {
  const spec = TEST_MODEL_SPECS[variant];
  const timestep =
    spec.timestep === 'int64-steps'
      ? new ort.Tensor('int64', BigInt64Array.of(501n), [1])
      : floatTensor(variant, spec.timestep === 'float-scalar' ? [] : [batch], () => 501);
  return {
    sample: floatTensor(variant, [batch, 4, side, side], (i) => ((i % 17) - 8) / 8),
    timestep,
    encoder_hidden_states: floatTensor(variant, [batch, 77, 32], (i) => ((i % 13) - 6) / 8),
  };
}

async function run(path: string, feeds: Record<string, ort.Tensor>) {
  const session = await ort.InferenceSession.create(path);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

describe.each(TEST_MODEL_VARIANTS)('generated test pipeline %s', (variant) => {
  const spec = TEST_MODEL_SPECS[variant];
  const float = spec.float;

  it('text encoder maps input_ids to last_hidden_state [B,77,32] and pooler_output [B,32]', async () => {
    const ids = [49406, 320, 1125, 539, 320, 2368, 49407, ...new Array(70).fill(0)];
    const data =
      spec.inputIds === 'int32'
        ? Int32Array.from([...ids, ...ids])
        : BigInt64Array.from([...ids, ...ids], BigInt);
    const out = await run(join(dirs[variant], 'text_encoder/model.onnx'), {
      input_ids: new ort.Tensor(spec.inputIds, data, [2, 77]),
    });
    expect(out.last_hidden_state?.dims).toEqual([2, 77, 32]);
    expect(out.last_hidden_state?.type).toBe(float);
    expect(out.pooler_output?.dims).toEqual([2, 32]);
    const hidden = floats(out.last_hidden_state!);
    // pooler_output is the hidden state at the end token (position 6), as in CLIP.
    expect(floats(out.pooler_output!).slice(0, 32)).toEqual(hidden.slice(6 * 32, 7 * 32));
    expect(hidden.every(Number.isFinite)).toBe(true);
  });

  it('UNet maps (sample, timestep, encoder_hidden_states) to out_sample of the sample shape', async () => {
    const out = await run(join(dirs[variant], 'unet/model.onnx'), unetFeeds(variant, 2, 8));
    expect(Object.keys(out)).toEqual(['out_sample']);
    expect(out.out_sample?.dims).toEqual([2, 4, 8, 8]);
    expect(out.out_sample?.type).toBe(float);
    const values = floats(out.out_sample!);
    expect(values.every((v) => Number.isFinite(v) && Math.abs(v) < 100)).toBe(true);
  });

  it('VAE encoder downsamples by 8 to the exporter output, and the decoder upsamples to [-1, 1]', async () => {
    const image = floatTensor(variant, [1, 3, 32, 48], (i) => ((i % 9) - 4) / 4);
    const enc = await run(join(dirs[variant], 'vae_encoder/model.onnx'), { sample: image });
    const latent = enc[spec.vaeOutput];
    expect(Object.keys(enc)).toEqual([spec.vaeOutput]);
    expect(latent?.dims).toEqual([1, spec.vaeOutput === 'latent_parameters' ? 8 : 4, 4, 6]);
    expect(latent?.type).toBe(float);
    const dec = await run(join(dirs[variant], 'vae_decoder/model.onnx'), {
      latent_sample: floatTensor(variant, [1, 4, 4, 6], (i) => ((i % 5) - 2) / 2),
    });
    expect(dec.sample?.dims).toEqual([1, 3, 32, 48]);
    expect(floats(dec.sample!).every((v) => v >= -1 && v <= 1)).toBe(true);
  });

  it('UNet has attn1 Softmax nodes at two resolutions with the score rank of its export style', async () => {
    const model = decodeModel(readFileSync(join(dirs[variant], 'unet/model.onnx')));
    const softmaxes = (model.graph?.node ?? []).filter(
      (n) => n.opType === 'Softmax' && n.name?.includes('/attn1/'),
    );
    expect(softmaxes.map((n) => n.name)).toContain(
      '/down_blocks.0/attentions.0/transformer_blocks.0/attn1/Softmax',
    );
    // Expose every attn1 score tensor (the Softmax input) as an output and read its shape from ORT.
    const scoreNames = softmaxes.map((n) => n.input?.[0] ?? '');
    model.graph?.output?.push(...scoreNames.map((name) => ({ name })));
    // External-data models: the patched graph still points at weights.pb, so place it beside a copy.
    const tmp = mkdtempSync(join(tmpdir(), 'sow-unet-'));
    writeFileSync(join(tmp, 'model.onnx'), encodeModel(model));
    if (spec.unetExternalData !== undefined) {
      copyFileSync(join(dirs[variant], 'unet', spec.unetExternalData), join(tmp, spec.unetExternalData));
    }
    const session = await ort.InferenceSession.create(join(tmp, 'model.onnx'));
    const out = await session.run(unetFeeds(variant, 2, 8));
    await session.release();
    rmSync(tmp, { recursive: true, force: true });
    const shapes = new Set(scoreNames.map((name) => JSON.stringify(out[name]?.dims)));
    const expected =
      spec.attentionStyle === 'batch-major-3d'
        ? [
            [2 * 2, 64, 64],
            [2 * 4, 16, 16],
          ] // [B·heads, S, S] at 8×8 and 4×4
        : [
            [2, 2, 64, 64],
            [2, 4, 16, 16],
          ]; // [B, heads, S, S]
    expect([...shapes].sort()).toEqual(expected.map((s) => JSON.stringify(s)).sort());
  });
});

describe('test model generator', () => {
  it('is deterministic: two generations are byte-identical', () => {
    const a = generateTestPipelineFiles('external-data');
    const b = generateTestPipelineFiles('external-data');
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [path, bytes] of a)
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(b.get(path)!)), path).toBe(0);
  });

  it('keeps the UNet weights of external-data in weights.pb', () => {
    const model = decodeModel(readFileSync(join(dirs['external-data'], 'unet/model.onnx')));
    const external = (model.graph?.initializer ?? []).filter((t) => t.dataLocation === 1);
    expect(external.length).toBeGreaterThan(10);
    expect(external[0]?.externalData?.find((e) => e.key === 'location')?.value).toBe('weights.pb');
  });

  it('both attention export styles compute the same UNet (diffusers 3-D vs external-data SDPA)', async () => {
    const a = await run(join(dirs.diffusers, 'unet/model.onnx'), unetFeeds('diffusers', 2, 8));
    const b = await run(join(dirs['external-data'], 'unet/model.onnx'), unetFeeds('external-data', 2, 8));
    const x = floats(a.out_sample!);
    const y = floats(b.out_sample!);
    expect(Math.max(...x.map((v, i) => Math.abs(v - y[i]!)))).toBeLessThan(1e-4);
  });

  it('the fp16 UNet approximates the fp32 UNet with the same weights (optimum)', async () => {
    const a = floats(
      (await run(join(dirs.optimum, 'unet/model.onnx'), unetFeeds('optimum', 1, 8))).out_sample!,
    );
    const b = floats((await run(join(dirs.fp16, 'unet/model.onnx'), unetFeeds('fp16', 1, 8))).out_sample!);
    const scale = Math.max(...a.map(Math.abs));
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!))) / scale).toBeLessThan(0.02);
  });

  it('writes tokenizer files from the real CLIP vocabulary and SD 2.1 scheduler values', () => {
    const dir = dirs.optimum;
    const vocab = JSON.parse(readFileSync(join(dir, 'tokenizer/vocab.json'), 'utf8')) as Record<
      string,
      number
    >;
    expect(Object.keys(vocab)).toHaveLength(49408);
    // Ids from the reference vector "a photo of a cat" → 49406 320 1125 539 320 2368 49407.
    expect([
      vocab['<|startoftext|>'],
      vocab['a</w>'],
      vocab['photo</w>'],
      vocab['of</w>'],
      vocab['cat</w>'],
    ]).toEqual([49406, 320, 1125, 539, 2368]);
    expect(vocab['<|endoftext|>']).toBe(49407);
    expect(vocab['!']).toBe(0);
    const merges = readFileSync(join(dir, 'tokenizer/merges.txt'), 'utf8').trim().split('\n');
    expect(merges).toHaveLength(48895);
    const scheduler = JSON.parse(readFileSync(join(dir, 'scheduler/scheduler_config.json'), 'utf8'));
    expect(scheduler).toMatchObject({
      num_train_timesteps: 1000,
      beta_start: 0.00085,
      beta_end: 0.012,
      beta_schedule: 'scaled_linear',
      prediction_type: 'epsilon',
      steps_offset: 1,
    });
    const tokenizerConfig = JSON.parse(readFileSync(join(dir, 'tokenizer/tokenizer_config.json'), 'utf8'));
    expect(tokenizerConfig.pad_token).toBe('!');
  });
});
