import { describe, expect, it } from 'vitest';
import type { UNet } from '../models/roles.js';
import { createNoiseSchedule, SD21_BASE_SCHEDULER_CONFIG } from '../scheduler/index.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import { createGaussianUNet, gaussianConditionalMean, spatialCovariance } from '../testing/index.js';
import { createCowNoiseStreams } from './cow-noise-streams.js';
import type { CowOp } from './cow-op.js';
import type { CowPresetName } from './cow-presets.js';
import { cowSchedule } from './cow-schedule.js';
import type { CowRegion } from './replace-region.js';
import { resolveCowConfig } from './resolve-cow-config.js';
import { runCowSchedule } from './run-cow-schedule.js';

const schedule = createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG);

// A 1x2x12x12 canvas latent with a spatially correlated Gaussian prior (exponential kernel, length 3),
// and a 4x4 condition box at latent (1, 4). The analytic UNet ignores the text, so every guidance
// branch gives the same prediction and guidance collapses to the exact noise prediction.
const C = 2;
const H = 12;
const W = 12;
const BOX = { x: 1, y: 4, size: 4 };
const LENGTH = 3;
const SEEDS = 16;

function unetFor(): UNet {
  const make = (h: number, w: number) =>
    createGaussianUNet({
      schedule,
      mean: createTensor('float32', [1, C, h, w]),
      covariance: spatialCovariance({ height: h, width: w, lengthScale: LENGTH }),
    });
  const canvas = make(H, W);
  const box = make(BOX.size, BOX.size);
  // The box prior is the canvas prior's marginal (stationary kernel, zero mean).
  return {
    inChannels: C,
    predict: (input, options) => (input.sample.shape[2] === H ? canvas : box).predict(input, options),
  };
}

const condition = createTensor(
  'float32',
  [1, C, BOX.size, BOX.size],
  Array.from(
    { length: C * BOX.size * BOX.size },
    (_, i) => (i < BOX.size * BOX.size ? 1.5 : -1) * (1 + 0.1 * (i % 3)),
  ),
);
const region: CowRegion = {
  x: BOX.x,
  y: BOX.y,
  mask: createTensor('float32', [1, 1, BOX.size, BOX.size], new Float32Array(BOX.size * BOX.size).fill(1)),
};
const embeddings = ((e: Float32Tensor) => ({
  unconditional: e,
  prompt: e,
  negative: e,
  suppress: e,
  diverse: e,
}))(createTensor('float32', [1, 77, 8]));

/** The canvas latent with the condition pasted on the prior mean (zeros), as the seed does in pixels. */
function pastedCanvas(): Float32Tensor {
  const out = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < BOX.size; i++) {
      for (let j = 0; j < BOX.size; j++) {
        out[(c * H + BOX.y + i) * W + BOX.x + j] = condition.data[(c * BOX.size + i) * BOX.size + j] ?? 0;
      }
    }
  }
  return createTensor('float32', [1, C, H, W], out);
}

const inBox = (p: number) => {
  const i = Math.floor(p / W);
  const j = p % W;
  return i >= BOX.y && i < BOX.y + BOX.size && j >= BOX.x && j < BOX.x + BOX.size;
};

async function averageOutside(
  ops: readonly CowOp[],
  canvas: Float32Tensor,
  seeds: number,
): Promise<Float64Array> {
  const unet = unetFor();
  const sum = new Float64Array(C * H * W);
  for (let s = 0; s < seeds; s++) {
    const streams = createCowNoiseStreams(1000 + s);
    const { latents } = await runCowSchedule({
      ops,
      unet,
      schedule,
      conditionLatents: condition,
      canvasLatents: canvas,
      region,
      embeddings,
      noise: { eta: streams.eta, renoise: streams.renoise },
    });
    latents.data.forEach((v, i) => {
      sum[i] = (sum[i] ?? 0) + v / seeds;
    });
  }
  return sum;
}

function opsFor(preset: CowPresetName, cycles: number, withCondition = true): CowOp[] {
  const config = resolveCowConfig(preset, { cycles });
  return cowSchedule(config, schedule).filter(
    (op) => op.kind !== 'decode' && (withCondition || op.kind !== 'replace'),
  );
}

describe('runCowSchedule with the analytic Gaussian model', () => {
  const expected = gaussianConditionalMean({
    mean: createTensor('float32', [1, C, H, W]),
    covariance: spatialCovariance({ height: H, width: W, lengthScale: LENGTH }),
    known: pastedCanvas(),
    mask: createTensor(
      'float32',
      [1, 1, H, W],
      Float32Array.from({ length: H * W }, (_, p) => (inBox(p) ? 1 : 0)),
    ),
  });
  const outside = (t: ArrayLike<number>) => {
    const v: number[] = [];
    for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) if (!inBox(p)) v.push(t[c * H * W + p] ?? 0);
    return v;
  };
  const rms = (a: number[], b: number[]) =>
    Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] ?? 0)) ** 2, 0) / a.length);
  const corr = (a: number[], b: number[]) => {
    const dot = a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
    return dot / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
  };

  it('makes the region outside the condition follow the exact conditional mean, closer with more cycles', async () => {
    const target = outside(expected.data);
    const zero = createTensor('float32', [1, C, H, W]);
    // Without the condition (prior-mean canvas, no replacement) the outside is unrelated to it.
    const none = outside(await averageOutside(opsFor('consistent', 10, false), zero, SEEDS));
    expect(Math.abs(corr(none, target))).toBeLessThan(0.4);
    for (const preset of ['consistent', 'reference'] as const) {
      const one = outside(await averageOutside(opsFor(preset, 1), pastedCanvas(), SEEDS));
      const ten = outside(await averageOutside(opsFor(preset, 10), pastedCanvas(), SEEDS));
      expect(corr(ten, target)).toBeGreaterThan(preset === 'consistent' ? 0.85 : 0.75);
      expect(rms(ten, target)).toBeLessThan(0.7 * rms(none, target));
      // More cycles carry more of the condition outward.
      expect(rms(ten, target)).toBeLessThan(0.85 * rms(one, target));
      expect(corr(ten, target)).toBeGreaterThan(corr(one, target));
    }
  });

  it('keeps the one-way invariant after every replacement and never touches the condition otherwise', async () => {
    const ops = cowSchedule(resolveCowConfig('normal', { cycles: 2 }), schedule).filter(
      (op) => op.kind !== 'decode',
    );
    const streams = createCowNoiseStreams(5);
    const events: { op: CowOp; latents: Float32Tensor }[] = [];
    const result = await runCowSchedule({
      ops,
      unet: unetFor(),
      schedule,
      conditionLatents: condition,
      canvasLatents: pastedCanvas(),
      region,
      embeddings,
      noise: { eta: streams.eta, renoise: streams.renoise },
      onLatents: ({ op, latents }) => events.push({ op, latents }),
    });
    let previous = pastedCanvas();
    let replacements = 0;
    for (const { op, latents } of events) {
      if (op.kind === 'invert' && op.target === 'condition') continue;
      if (op.kind === 'replace') {
        replacements += 1;
        const stored = new Uint32Array(result.store.get(op.level).data.buffer);
        const now = new Uint32Array(latents.data.buffer);
        const before = new Uint32Array(previous.data.buffer);
        for (let c = 0; c < C; c++) {
          for (let p = 0; p < H * W; p++) {
            const k = c * H * W + p;
            if (inBox(p)) {
              const i = Math.floor(p / W) - BOX.y;
              const j = (p % W) - BOX.x;
              expect(now[k]).toBe(stored[(c * BOX.size + i) * BOX.size + j]);
            } else {
              expect(now[k]).toBe(before[k]);
            }
          }
        }
      }
      previous = latents;
    }
    // 2 cycles x 3 one-way replacements, plus preservation at steps 4 and 3 (normal preset).
    expect(replacements).toBe(8);
    expect(result.store.levels).toEqual([301, 401, 501, 601, 701]);
  });

  it('calls the UNet with the batch sizes and latent sizes of the plan, reports totals up front and stops on abort', async () => {
    const ops = cowSchedule(resolveCowConfig('reference'), schedule).filter((op) => op.kind !== 'decode');
    const inner = unetFor();
    const calls: string[] = [];
    const unet: UNet = {
      inChannels: C,
      predict: (input, options) => {
        calls.push(`${input.sample.shape.join('x')}@${input.timestep}`);
        return inner.predict(input, options);
      },
    };
    const streams = createCowNoiseStreams(9);
    const steps: { completed: number; total: number }[] = [];
    const controller = new AbortController();
    const reason = new Error('stop here');
    const run = runCowSchedule({
      ops,
      unet,
      schedule,
      conditionLatents: condition,
      canvasLatents: pastedCanvas(),
      region,
      embeddings,
      noise: { eta: streams.eta, renoise: streams.renoise },
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type !== 'step') return;
        steps.push(e);
        if (e.completed === 15) controller.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(steps.every((s) => s.total === 37)).toBe(true);
    expect(steps.map((s) => s.completed)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // Spec 3.9 at test scale: condition inversion 7 x B2 on the box, canvas 5 x B2, then cycles B4.
    expect(calls).toEqual([
      ...[1, 101, 201, 301, 401, 501, 601].map((t) => `2x${C}x4x4@${t}`),
      ...[1, 101, 201, 301, 401].map((t) => `2x${C}x12x12@${t}`),
      `4x${C}x12x12@601`,
      `4x${C}x12x12@501`,
      `4x${C}x12x12@601`,
    ]);
  });

  it('validates an edited plan before any model call', async () => {
    const ops = cowSchedule(resolveCowConfig('reference'), schedule);
    let called = false;
    const unet: UNet = {
      inChannels: C,
      predict: async () => {
        called = true;
        throw new Error('must not run');
      },
    };
    const streams = createCowNoiseStreams(1);
    const base = {
      unet,
      schedule,
      conditionLatents: condition,
      canvasLatents: pastedCanvas(),
      region,
      embeddings,
      noise: { eta: streams.eta, renoise: streams.renoise },
    };
    const edited = ops.map((op, i) => (i === 13 && op.kind === 'replace' ? { ...op, level: 801 } : op));
    await expect(runCowSchedule({ ...base, ops: edited })).rejects.toThrow(
      /ops\[13\]\.level must be a level stored/,
    );
    const badEta = ops.map((op) => (op.kind === 'denoise' ? { ...op, eta: 2 } : op));
    await expect(runCowSchedule({ ...base, ops: badEta })).rejects.toThrow(/ops\[14\]\.eta/);
    await expect(runCowSchedule({ ...base, ops })).rejects.toThrow(/vaeDecoder must be/);
    expect(called).toBe(false);
  });
});
