import { describe, expect, it } from 'vitest';
import type { UNet, UNetInput } from '../models/roles.js';
import { createNoiseSchedule, SD21_BASE_SCHEDULER_CONFIG } from '../scheduler/index.js';
import { createTensor } from '../tensor/tensor.js';
import { createCowNoiseStreams } from './cow-noise-streams.js';
import { cowSchedule } from './cow-schedule.js';
import type { CowUNetCall } from './cow-unet-hook.js';
import { resolveCowConfig } from './resolve-cow-config.js';
import { runCowSchedule } from './run-cow-schedule.js';

const schedule = createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG);
const ops = cowSchedule(resolveCowConfig('normal', { cycles: 2 }), schedule).filter(
  (op) => op.kind !== 'decode',
);
const latent = (h: number, w: number, v: number) =>
  createTensor(
    'float32',
    [1, 2, h, w],
    Array.from({ length: 2 * h * w }, (_, i) => v * Math.sin(i + 1)),
  );
const region = { x: 1, y: 1, mask: createTensor('float32', [1, 1, 2, 2], [1, 1, 1, 1]) };
const text = createTensor('float32', [1, 77, 4]);
const embeddings = { unconditional: text, prompt: text, negative: text, suppress: text, diverse: text };

/** A UNet whose output depends on its input and on a `marker` field a hook may add. */
function recordingUNet(seen: UNetInput[]): UNet {
  return {
    inChannels: 2,
    async predict(input) {
      seen.push(input);
      const marker = typeof (input as { marker?: unknown }).marker === 'number' ? 1.5 : 1;
      return createTensor(
        'float32',
        input.sample.shape,
        input.sample.data.map((v) => 0.1 * marker * v),
      );
    },
  };
}

async function run(hook?: (input: UNetInput, call: CowUNetCall) => UNetInput) {
  const seen: UNetInput[] = [];
  const streams = createCowNoiseStreams(3);
  const result = await runCowSchedule({
    ops,
    unet: recordingUNet(seen),
    schedule,
    conditionLatents: latent(2, 2, 1),
    canvasLatents: latent(6, 6, 0.5),
    region,
    embeddings,
    noise: { eta: streams.eta, renoise: streams.renoise },
    ...(hook === undefined ? {} : { unetHook: hook }),
  });
  return { seen, latents: result.latents };
}

describe('runCowSchedule unetHook', () => {
  it('sees every UNet call of the plan in order, with its op and batch layout', async () => {
    const calls: CowUNetCall[] = [];
    const { seen } = await run((input, call) => {
      calls.push(call);
      return input;
    });
    const expected = [...ops.entries()].filter(([, op]) => op.kind === 'invert' || op.kind === 'denoise');
    expect(calls.map((c) => c.index)).toEqual(expected.map(([i]) => i));
    expect(calls.map((c) => c.op)).toEqual(expected.map(([, op]) => op));
    for (const [k, call] of calls.entries()) {
      const isCycle = call.op.kind === 'denoise' && call.op.guidance === 'cycle';
      expect(call.guidance).toBe(isCycle ? 'cycle' : 'cfg');
      expect(seen[k]!.sample.shape[0]).toBe(isCycle ? 4 : 2);
    }
  });

  it('an identity hook changes nothing; what the hook returns is what the UNet runs', async () => {
    const plain = await run();
    const identity = await run((input) => input);
    expect(identity.latents.data).toEqual(plain.latents.data);
    const marked = await run((input, call) => (call.guidance === 'cycle' ? { ...input, marker: 1 } : input));
    const cycleCalls = marked.seen.filter((input) => input.sample.shape[0] === 4);
    expect(cycleCalls.length).toBeGreaterThan(0);
    for (const input of marked.seen) expect('marker' in input).toBe(input.sample.shape[0] === 4);
    expect(marked.latents.data).not.toEqual(plain.latents.data);
  });
});
