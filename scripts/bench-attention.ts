// Benchmarks SOW's attention modulation at a 64x64 latent with batch 4 (one COW cycle UNet call): time per
// call of the unpatched graph, of the patched graph with modulation off (strength 0) and on, and the extra
// peak memory of the patched graph (peak RSS of one fresh child process per variant, so that no variant
// inherits another's memory arena). Three subjects: 'test-unet', the generated test UNet ('optimum', loaded
// through loadStableDiffusionFromDir with and without attentionModulation); 'sd-layer', one self-attention
// block shaped like SD 2.1 base's largest; 'sd21-unet', SD 2.1 base's full UNet with random weights
// (generated once into .cache/bench-models/, 3.5 GB; about 20 s per call on 2 CPU cores).
//   tsx scripts/bench-attention.ts [--device cpu|cuda] [--calls 5] (at least 3) [--subjects a,b] (default all)
//   (npm run bench runs it after COW)
// Sessions use the backend's defaults (all CPU threads); the machine's other load shows in the figures.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createOrtNodeBackend, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import {
  type AttentionRegions,
  type Backend,
  cowCycleAttention,
  createNoiseGenerator,
  createTensor,
  type ModulatedUNet,
  randn,
  resolveAttentionModulationConfig,
  type UNetAttention,
} from '@sow/core';
import { ensureTestModels, testModelDir } from '@sow/test-kit';
import type { BenchSubject, OpenedSubject, Variant } from './bench-attention-subject.js';
import { sdAttentionLayerSubject } from './bench-sd-attention-layer.js';
import { sd21UnetSubject } from './bench-sd21-unet.js';

const BATCH = 4;
const LATENT = 64;
const VARIANTS: readonly Variant[] = ['plain', 'off', 'on'];
const LABELS: Record<Variant, string> = {
  plain: 'unpatched',
  off: 'patched, strength 0',
  on: 'patched, modulation on',
};

/** The generated test UNet, loaded as the demo loads it. */
const testUNet: BenchSubject = {
  title: `generated test UNet 'optimum' (tiny random weights; self-attention at ${LATENT * LATENT} tokens, 2 heads of width 8)`,
  async open(backend: Backend, patched: boolean) {
    const models = await loadStableDiffusionFromDir(testModelDir('optimum'), {
      backend,
      attentionModulation: patched,
    });
    const rng = createNoiseGenerator('bench-attention');
    const input = {
      sample: randn(rng, [BATCH, models.unet.inChannels, LATENT, LATENT]),
      timestep: 601,
      encoderHiddenStates: randn(rng, [BATCH, 77, models.textEncoder.hiddenSize]),
    };
    return {
      async call(variant: Variant, attention: UNetAttention) {
        if (variant === 'on') await (models.unet as ModulatedUNet).predict({ ...input, attention });
        else await models.unet.predict(input);
      },
      dispose: () => models.dispose(),
    };
  },
};

const SUBJECTS: Record<string, BenchSubject> = {
  'test-unet': testUNet,
  'sd-layer': sdAttentionLayerSubject(BATCH, LATENT),
  'sd21-unet': sd21UnetSubject(BATCH, LATENT),
};

/**
 * A COW cycle call's modulation with every branch modulated: the reference box (128,0,256,256 px on a
 * 512 px canvas) as the condition, a box overlapping and below it as the related region.
 */
function cycleAttention(): UNetAttention {
  const conditionBox = { x: 16, y: 0, width: 32, height: 32 };
  const mask = createTensor('float32', [LATENT, LATENT]);
  for (let y = 0; y < conditionBox.height; y++) {
    const start = (conditionBox.y + y) * LATENT + conditionBox.x;
    mask.data.fill(1, start, start + conditionBox.width);
  }
  const regions: AttentionRegions = {
    conditionMask: mask,
    conditionBox,
    relatedBox: { x: 8, y: 24, width: 48, height: 40 },
  };
  return cowCycleAttention(regions, 0, resolveAttentionModulationConfig({ branches: 'all' }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Child mode: open one subject for one variant, call it twice, print RSS after load and peak (bytes). */
async function memoryChild(subject: BenchSubject, variant: Variant, device: 'cpu' | 'cuda'): Promise<void> {
  const backend = await createOrtNodeBackend({ device });
  const opened = await subject.open(backend, variant !== 'plain');
  const loaded = process.memoryUsage().rss;
  const attention = cycleAttention();
  for (let i = 0; i < 2; i++) await opened.call(variant, attention);
  await opened.dispose();
  await backend.dispose();
  process.stdout.write(`\n${JSON.stringify({ loaded, peak: process.resourceUsage().maxRSS * 1024 })}\n`);
}

/** RSS after load and peak RSS of one subject and variant, measured in a fresh child process. */
function childMemory(subject: string, variant: Variant, device: string): { loaded: number; peak: number } {
  const script = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, script, '--subject', subject, '--memory', variant, '--device', device];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`memory child ${subject}/${variant} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '');
}

/**
 * Times variant groups, each with its sessions open only while it runs: one warm-up call per variant, then
 * `calls` rounds with the order rotated every round so that no variant always runs first.
 */
async function timeVariants(
  subject: BenchSubject,
  backend: Backend,
  groups: readonly (readonly Variant[])[],
  calls: number,
): Promise<Record<Variant, number[]>> {
  const attention = cycleAttention();
  const times: Record<Variant, number[]> = { plain: [], off: [], on: [] };
  for (const group of groups) {
    const plain = group.includes('plain') ? await subject.open(backend, false) : undefined;
    const patched = group.some((v) => v !== 'plain') ? await subject.open(backend, true) : undefined;
    const opened = (v: Variant) => (v === 'plain' ? plain : patched) as OpenedSubject;
    for (const v of group) await opened(v).call(v, attention);
    for (let r = 0; r < calls; r++) {
      for (let k = 0; k < group.length; k++) {
        const v = group[(r + k) % group.length] as Variant;
        const started = performance.now();
        await opened(v).call(v, attention);
        times[v].push(performance.now() - started);
      }
    }
    await plain?.dispose();
    await patched?.dispose();
  }
  return times;
}

/**
 * Times one subject's three variants (interleaved rounds, median of `calls`; the unpatched variant first
 * and alone for a subject that opens one session at a time) and measures their memory.
 */
async function benchSubject(name: string, device: 'cpu' | 'cuda', calls: number): Promise<void> {
  const subject = SUBJECTS[name] as BenchSubject;
  console.log(`\n${subject.title}:`);
  const backend = await createOrtNodeBackend({ device });
  const groups = subject.oneSessionAtATime ? [['plain'] as const, ['off', 'on'] as const] : [VARIANTS];
  const times = await timeVariants(subject, backend, groups, calls);
  await backend.dispose();
  const memory = Object.fromEntries(VARIANTS.map((v) => [v, childMemory(name, v, device)])) as Record<
    Variant,
    { loaded: number; peak: number }
  >;
  const base = median(times.plain);
  console.log('  variant                  ms/call (median)   time ratio   peak RSS   extra peak RSS');
  for (const v of VARIANTS) {
    const ms = median(times[v]);
    const extra = v === 'plain' ? '' : mib(memory[v].peak - memory.plain.peak);
    console.log(
      `  ${LABELS[v].padEnd(24)} ${ms.toFixed(1).padStart(16)} ${(ms / base).toFixed(3).padStart(12)} ${mib(memory[v].peak).padStart(10)} ${extra.padStart(16)}`,
    );
  }
}

/** Prints the modulation's time ratio and extra memory for each named subject. */
async function benchAttention(
  device: 'cpu' | 'cuda',
  calls: number,
  names: readonly string[],
): Promise<void> {
  if (names.includes('test-unet')) ensureTestModels(['optimum']);
  console.log(
    `\nSOW attention modulation: one call = batch ${BATCH} (a COW cycle call) at a ${LATENT}x${LATENT} latent, device ${device};`,
  );
  console.log(
    `${calls} timed calls per variant after one warm-up each, interleaved; 'on' modulates all ${BATCH} branches;`,
  );
  console.log("a subject too large to load twice times 'unpatched' alone, then the patched pair;");
  console.log('peak RSS from one fresh child process per variant (load + 2 calls).');
  for (const name of names) await benchSubject(name, device, calls);
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    device: { type: 'string', default: 'cpu' },
    calls: { type: 'string', default: '5' },
    subjects: { type: 'string', default: Object.keys(SUBJECTS).join(',') },
    // Child mode (used by childMemory): measure one subject and variant.
    subject: { type: 'string' },
    memory: { type: 'string' },
  },
});
const device = values.device === 'cuda' ? 'cuda' : 'cpu';
const variant = VARIANTS.find((v) => v === values.memory);
const subject = SUBJECTS[values.subject ?? ''];
if (variant !== undefined && subject !== undefined) await memoryChild(subject, variant, device);
else {
  const names = values.subjects.split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => !(n in SUBJECTS));
  if (unknown.length > 0) {
    throw new Error(`unknown subject(s) ${unknown.join(', ')}; known: ${Object.keys(SUBJECTS).join(', ')}`);
  }
  await benchAttention(device, Math.max(3, Number(values.calls)), names);
}
