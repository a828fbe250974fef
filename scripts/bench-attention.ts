// Benchmarks SOW's attention modulation on the generated SD-shaped UNet (test model 'optimum', SDPA-style
// attention) at a 64x64 latent with batch 4, as in a COW cycle call: time per UNet call of the unpatched
// graph, of the patched graph with modulation off (strength 0) and on, and the extra peak memory of the
// patched graph (peak RSS of one child process per variant, so no variant inherits another's arena).
//   tsx scripts/bench-attention.ts [--device cpu|cuda] [--calls 5]     (npm run bench runs it after COW)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createOrtNodeBackend, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import {
  type AttentionRegions,
  COW_CYCLE_TEXT_BRANCHES,
  cowCycleAttention,
  createNoiseGenerator,
  createTensor,
  type ModulatedUNet,
  type ModulatedUNetInput,
  randn,
  resolveAttentionModulationConfig,
  type StableDiffusionModels,
} from '@sow/core';
import { ensureTestModels, testModelDir } from '@sow/test-kit';

const BATCH = 4;
const LATENT = 64;
type Variant = 'plain' | 'off' | 'on';
const LABELS: Record<Variant, string> = {
  plain: 'unpatched UNet',
  off: 'patched, strength 0',
  on: 'patched, modulation on',
};

/** The reference box (128,0,256,256 px on 512) as the condition, a box below it as the related region. */
function regions(): AttentionRegions {
  const conditionBox = { x: 16, y: 0, width: 32, height: 32 };
  const mask = createTensor('float32', [LATENT, LATENT]);
  for (let y = conditionBox.y; y < conditionBox.y + conditionBox.height; y++) {
    mask.data.fill(1, y * LATENT + conditionBox.x, y * LATENT + conditionBox.x + conditionBox.width);
  }
  return { conditionMask: mask, conditionBox, relatedBox: { x: 8, y: 24, width: 48, height: 40 } };
}

/** One cycle UNet call's input (seeded), modulated when `variant` is 'on'. */
function unetInput(models: StableDiffusionModels, variant: Variant): ModulatedUNetInput {
  const rng = createNoiseGenerator('bench-attention');
  const input = {
    sample: randn(rng, [BATCH, models.unet.inChannels, LATENT, LATENT]),
    timestep: 601,
    encoderHiddenStates: randn(rng, [BATCH, 77, models.textEncoder.hiddenSize]),
  };
  if (variant !== 'on') return input;
  const config = resolveAttentionModulationConfig({ branches: 'all' });
  return { ...input, attention: cowCycleAttention(regions(), 0, config) };
}

const load = (backend: Awaited<ReturnType<typeof createOrtNodeBackend>>, patched: boolean) =>
  loadStableDiffusionFromDir(testModelDir('optimum'), { backend, attentionModulation: patched });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Child mode: load one variant, run it twice, print its peak RSS (bytes) as JSON. */
async function memoryChild(variant: Variant, device: 'cpu' | 'cuda'): Promise<void> {
  const backend = await createOrtNodeBackend({ device });
  const models = await load(backend, variant !== 'plain');
  const loadedRss = process.memoryUsage().rss;
  const unet = models.unet as ModulatedUNet;
  const input = unetInput(models, variant);
  for (let i = 0; i < 2; i++) await unet.predict(input);
  await models.dispose();
  await backend.dispose();
  process.stdout.write(JSON.stringify({ loadedRss, peakRss: process.resourceUsage().maxRSS * 1024 }));
}

/** Peak RSS of `variant` measured in a fresh child process. */
function childPeak(variant: Variant, device: string): { loadedRss: number; peakRss: number } {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, script, '--memory', variant, '--device', device],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`memory child '${variant}' failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '');
}

/** Times the three variants (interleaved, median of `calls`) and measures their peak memory. */
export async function benchAttention(device: 'cpu' | 'cuda', calls: number): Promise<void> {
  ensureTestModels(['optimum']);
  const backend = await createOrtNodeBackend({ device });
  const plain = await load(backend, false);
  const patched = await load(backend, true);
  const unets: Record<Variant, ModulatedUNet | StableDiffusionModels['unet']> = {
    plain: plain.unet,
    off: patched.unet,
    on: patched.unet,
  };
  const variants: Variant[] = ['plain', 'off', 'on'];
  const inputs = Object.fromEntries(variants.map((v) => [v, unetInput(plain, v)])) as Record<
    Variant,
    ModulatedUNetInput
  >;
  const times: Record<Variant, number[]> = { plain: [], off: [], on: [] };
  console.log(
    `\nSOW attention modulation: generated test model 'optimum' (tiny random weights; self-attention at`,
  );
  console.log(
    `64x64 = 4096 tokens), one UNet call = batch ${BATCH} (a COW cycle call) at a ${LATENT}x${LATENT} latent, device ${device},`,
  );
  console.log(`${calls} timed call(s) per variant, interleaved, after one warm-up call each.`);
  for (const v of variants) await unets[v].predict(inputs[v]);
  for (let r = 0; r < calls; r++) {
    // Rotate the order every round so no variant always runs first (cache, turbo, neighbours).
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(r + k) % variants.length] as Variant;
      const started = performance.now();
      await unets[v].predict(inputs[v]);
      times[v].push(performance.now() - started);
    }
  }
  await plain.dispose();
  await patched.dispose();
  await backend.dispose();
  const base = median(times.plain);
  console.log('  variant                  median ms/call   ratio to unpatched');
  for (const v of variants) {
    const ms = median(times[v]);
    console.log(`  ${LABELS[v].padEnd(24)} ${ms.toFixed(1).padStart(14)} ${(ms / base).toFixed(3).padStart(20)}`);
  }
  console.log('  peak RSS, one child process per variant (load + 2 calls):');
  const peaks = Object.fromEntries(variants.map((v) => [v, childPeak(v, device)])) as Record<
    Variant,
    { loadedRss: number; peakRss: number }
  >;
  for (const v of variants) {
    const { loadedRss, peakRss } = peaks[v];
    const extra = v === 'plain' ? '' : `   extra vs unpatched: ${mib(peakRss - peaks.plain.peakRss)}`;
    console.log(
      `  ${LABELS[v].padEnd(24)} peak ${mib(peakRss).padStart(9)} (after load ${mib(loadedRss)})${extra}`,
    );
  }
  console.log(
    `  (COW_CYCLE_TEXT_BRANCHES = [${COW_CYCLE_TEXT_BRANCHES.join(', ')}]; 'on' modulates all ${BATCH} branches.)`,
  );
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      device: { type: 'string', default: 'cpu' },
      calls: { type: 'string', default: '5' },
      memory: { type: 'string' },
    },
  });
  const device = values.device === 'cuda' ? 'cuda' : 'cpu';
  const memory = values.memory;
  if (memory === 'plain' || memory === 'off' || memory === 'on') await memoryChild(memory, device);
  else await benchAttention(device, Math.max(1, Number(values.calls)));
}
