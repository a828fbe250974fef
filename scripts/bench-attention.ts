// Benchmarks SOW's attention modulation at a 64x64 latent with batch 4 (one COW cycle UNet call): time per
// call of the unpatched graph, of the patched graph with modulation off (strength 0) and on, their paired
// ratios (scripts/paired-bench.ts: alternating pairs, median with min-max and a bootstrap interval), and the
// extra peak memory of the patched graph (peak RSS of fresh child processes, so that no variant inherits
// another's memory arena). Three subjects: 'test-unet', the generated test UNet ('optimum', loaded
// through loadStableDiffusionFromDir with and without attentionModulation); 'sd-layer', one self-attention
// block shaped like SD 2.1 base's largest; 'sd21-unet', SD 2.1 base's full UNet with random weights
// (generated once into .cache/bench-models/, 3.5 GB; about 20 s per call on 2 CPU cores).
//   tsx scripts/bench-attention.ts [--device cpu|cuda] [--pairs 5] (at least 5) [--subjects a,b] (default all)
//   [--strength0-only] (child-process subjects: skip 'modulation on')
//   (run 'sd21-unet' under `flock /tmp/sow-heavy.lock` on a machine shared with other heavy jobs)
//   (npm run bench runs it after COW)
// Sessions use the backend's defaults (all CPU threads); the machine's other load shows in the figures.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
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
import { countFlops, decodeModel } from '@sow/onnx-graph';
import { ensureTestModels, testModelDir } from '@sow/test-kit';
import type { BenchSubject, Variant } from './bench-attention-subject.js';
import { sdAttentionLayerSubject } from './bench-sd-attention-layer.js';
import { sd21UnetSubject } from './bench-sd21-unet.js';
import { formatAchieved, formatPeak, type MachinePeak, measureMachinePeak } from './machine-peak.js';
import {
  formatRatio,
  median,
  pairedRatio,
  type RatioSummary,
  summarizeRatios,
  timeCall,
} from './paired-bench.js';

const execFileAsync = promisify(execFile);

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
  flops() {
    const unet = decodeModel(readFileSync(join(testModelDir('optimum'), 'unet', 'model.onnx')));
    const hidden = unet.graph?.input?.[2]?.type?.tensorType?.shape?.dim?.[2]?.dimValue ?? 0;
    const shapes = {
      sample: [BATCH, 4, LATENT, LATENT],
      timestep: [],
      encoder_hidden_states: [BATCH, 77, Number(hidden)],
    };
    return countFlops(unet, shapes).total;
  },
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

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** What one child process reports: ms of its timed call per variant, RSS after load and peak (bytes). */
interface ChildReport {
  readonly ms: Partial<Record<Variant, number>>;
  /** CPU time (user + system, all threads of the child) of each timed call, ms. */
  readonly cpu: Partial<Record<Variant, number>>;
  readonly loaded: number;
  readonly peak: number;
}

/**
 * Child mode: opens one subject (patched when any variant is), makes one warm-up call of the first
 * variant, then one timed call per variant in order, and prints a {@link ChildReport} as the last line.
 */
async function child(
  subject: BenchSubject,
  variants: readonly Variant[],
  device: 'cpu' | 'cuda',
): Promise<void> {
  const backend = await createOrtNodeBackend({ device });
  const opened = await subject.open(
    backend,
    variants.some((v) => v !== 'plain'),
  );
  const loaded = process.memoryUsage().rss;
  const attention = cycleAttention();
  await opened.call(variants[0] as Variant, attention);
  const ms: Partial<Record<Variant, number>> = {};
  const cpu: Partial<Record<Variant, number>> = {};
  for (const v of variants) {
    const before = process.cpuUsage();
    ms[v] = await timeCall(() => opened.call(v, attention))();
    const used = process.cpuUsage(before);
    cpu[v] = (used.user + used.system) / 1000;
  }
  await opened.dispose();
  await backend.dispose();
  const report: ChildReport = { ms, cpu, loaded, peak: process.resourceUsage().maxRSS * 1024 };
  process.stdout.write(`\n${JSON.stringify(report)}\n`);
}

/** Runs {@link child} in a fresh process (so that no variant inherits another's memory arena). */
async function runChild(subject: string, variants: readonly Variant[], device: string): Promise<ChildReport> {
  const script = fileURLToPath(import.meta.url);
  const args = [
    ...process.execArgv,
    script,
    '--subject',
    subject,
    '--child',
    variants.join(','),
    '--device',
    device,
  ];
  const { stdout } = await execFileAsync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
}

/** The paired ratios of one subject to its unpatched graph, each side's median ms, and peak RSS per variant. */
interface SubjectFigures {
  readonly ms: Record<Variant, number>;
  readonly ratios: { readonly off: RatioSummary; readonly on?: RatioSummary };
  /** The same ratios on the calls' CPU time (child processes only). */
  readonly cpuRatios?: { readonly off: RatioSummary; readonly on?: RatioSummary };
  readonly peak: Record<Variant, number>;
}

/**
 * A subject that fits twice in memory: both graphs open in this process, call by call in alternating
 * pairs (unpatched against strength 0, unpatched against modulation on); peak RSS from one fresh child
 * process per variant (load + 2 calls).
 */
async function pairedInProcess(
  name: string,
  subject: BenchSubject,
  device: 'cpu' | 'cuda',
  pairs: number,
): Promise<SubjectFigures> {
  const attention = cycleAttention();
  const backend = await createOrtNodeBackend({ device });
  const plain = await subject.open(backend, false);
  const patched = await subject.open(backend, true);
  const measure = (v: Variant) => timeCall(() => (v === 'plain' ? plain : patched).call(v, attention));
  const off = await pairedRatio(measure('plain'), measure('off'), { pairs, seed: `${name}/off` });
  const on = await pairedRatio(measure('plain'), measure('on'), { pairs, seed: `${name}/on` });
  await plain.dispose();
  await patched.dispose();
  await backend.dispose();
  const peak = { plain: 0, off: 0, on: 0 };
  for (const v of VARIANTS) peak[v] = (await runChild(name, [v], device)).peak;
  return {
    ms: { plain: median([...off.pairs, ...on.pairs].map((p) => p.a)), off: off.bMedian, on: on.bMedian },
    ratios: { off: off.ratio, on: on.ratio },
    peak,
  };
}

/**
 * A subject too large to load twice: alternating child processes, one unpatched (warm-up + 1 timed call)
 * and one patched (warm-up + strength 0 + modulation on) per pair, order swapped every pair; each child's
 * warm-up replaces the helper's warm-up pair. A call of this subject lasts long enough for other work on a
 * shared machine to come and go within a pair, so the ratios are also given on the calls' CPU time. Peak RSS is the median over the children of each kind (the
 * patched child's covers both patched variants).
 */
async function pairedInChildren(
  name: string,
  device: 'cpu' | 'cuda',
  pairs: number,
  withOn: boolean,
): Promise<SubjectFigures> {
  const plainPeaks: number[] = [];
  const patchedPeaks: number[] = [];
  const onMs: number[] = [];
  const cpu: Record<Variant, number[]> = { plain: [], off: [], on: [] };
  const plain = async () => {
    const r = await runChild(name, ['plain'], device);
    plainPeaks.push(r.peak);
    cpu.plain.push(r.cpu.plain as number);
    return r.ms.plain as number;
  };
  const patched = async () => {
    const r = await runChild(name, withOn ? ['off', 'on'] : ['off'], device);
    patchedPeaks.push(r.peak);
    if (withOn) onMs.push(r.ms.on as number);
    cpu.off.push(r.cpu.off as number);
    if (withOn) cpu.on.push(r.cpu.on as number);
    return r.ms.off as number;
  };
  const cpuRatio = (v: 'off' | 'on', i: number) => (cpu[v][i] as number) / (cpu.plain[i] as number);
  const onPair = (p: { ratio: number }, i: number) =>
    console.log(
      `  pair ${i + 1}: strength 0 / unpatched: wall time ${p.ratio.toFixed(3)}, CPU time ${cpuRatio('off', i).toFixed(3)}`,
    );
  const off = await pairedRatio(plain, patched, { pairs, warmup: 0, seed: `${name}/off`, onPair });
  const onRatios = off.pairs.map((p, i) => (onMs[i] as number) / p.a);
  const cpuRatios = (v: 'off' | 'on') =>
    summarizeRatios(
      off.pairs.map((_, i) => cpuRatio(v, i)),
      `${name}/cpu/${v}`,
    );
  const peak = median(patchedPeaks);
  return {
    ms: { plain: off.aMedian, off: off.bMedian, on: median(onMs) },
    ratios: { off: off.ratio, ...(withOn && { on: summarizeRatios(onRatios, `${name}/on`) }) },
    cpuRatios: { off: cpuRatios('off'), ...(withOn && { on: cpuRatios('on') }) },
    peak: { plain: median(plainPeaks), off: peak, on: peak },
  };
}

/**
 * Times one subject's three variants in pairs, measures their memory, and prints its table with the
 * unpatched call's GFLOP/s against the machine's peak.
 */
async function benchSubject(
  name: string,
  device: 'cpu' | 'cuda',
  pairs: number,
  peak: MachinePeak,
  withOn: boolean,
): Promise<void> {
  const subject = SUBJECTS[name] as BenchSubject;
  console.log(`\n${subject.title}:`);
  const f = subject.oneSessionAtATime
    ? await pairedInChildren(name, device, pairs, withOn)
    : await pairedInProcess(name, subject, device, pairs);
  console.log(
    '  variant                  ms/call (median)   peak RSS   extra peak RSS   time ratio to unpatched (paired)',
  );
  for (const v of VARIANTS) {
    const extra = v === 'plain' ? '' : mib(f.peak[v] - f.peak.plain);
    const summary = v === 'plain' ? undefined : f.ratios[v];
    if (v !== 'plain' && summary === undefined) continue;
    const ratio = summary === undefined ? '' : formatRatio(summary);
    console.log(
      `  ${LABELS[v].padEnd(24)} ${f.ms[v].toFixed(1).padStart(16)} ${mib(f.peak[v]).padStart(10)} ${extra.padStart(16)}   ${ratio}`,
    );
  }
  if (f.cpuRatios !== undefined) {
    console.log(
      "  CPU-time ratios (user + system of the child processes; other processes' load does not add to them):",
    );
    const on = f.cpuRatios.on === undefined ? '' : `; modulation on ${formatRatio(f.cpuRatios.on)}`;
    console.log(`    strength 0 ${formatRatio(f.cpuRatios.off)}${on}`);
  }
  console.log(`  unpatched: ${formatAchieved(subject.flops(), f.ms.plain, peak)}`);
}

/** Prints the modulation's time ratio and extra memory for each named subject. */
async function benchAttention(
  device: 'cpu' | 'cuda',
  pairs: number,
  names: readonly string[],
  withOn: boolean,
): Promise<void> {
  if (names.includes('test-unet')) ensureTestModels(['optimum']);
  console.log(
    `\nSOW attention modulation: one call = batch ${BATCH} (a COW cycle call) at a ${LATENT}x${LATENT} latent, device ${device};`,
  );
  console.log(
    `ratios are medians of ${pairs} alternating pairs (AB/BA, after warm-up) with min-max and a 95% bootstrap CI;`,
  );
  console.log(
    `'on' modulates all ${BATCH} branches; a subject too large to load twice alternates child processes;`,
  );
  console.log('peak RSS from fresh child processes (load + warm-up + timed calls).');
  const backend = await createOrtNodeBackend({ device });
  const peak = await measureMachinePeak(backend);
  await backend.dispose();
  console.log(formatPeak(peak, device));
  for (const name of names) await benchSubject(name, device, pairs, peak, withOn);
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    device: { type: 'string', default: 'cpu' },
    pairs: { type: 'string', default: '5' },
    // Time only strength 0 against unpatched in child processes (a quicker check of the surgery's cost).
    'strength0-only': { type: 'boolean', default: false },
    subjects: { type: 'string', default: Object.keys(SUBJECTS).join(',') },
    // Child mode (used by runChild): time one subject's variants in a fresh process.
    subject: { type: 'string' },
    child: { type: 'string' },
  },
});
const device = values.device === 'cuda' ? 'cuda' : 'cpu';
const subject = SUBJECTS[values.subject ?? ''];
if (values.child !== undefined && subject !== undefined) {
  const variants = values.child.split(',').filter((v): v is Variant => VARIANTS.includes(v as Variant));
  await child(subject, variants, device);
} else {
  const names = values.subjects.split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => !(n in SUBJECTS));
  if (unknown.length > 0) {
    throw new Error(`unknown subject(s) ${unknown.join(', ')}; known: ${Object.keys(SUBJECTS).join(', ')}`);
  }
  await benchAttention(device, Math.max(5, Number(values.pairs)), names, !values['strength0-only']);
}
