// Low-memory mode (core's splitBatchUNet, loader option unetMaxBatch): peak RSS and time of one COW cycle
// UNet call (batch 4, 64x64 latent) run whole, as 2x2 and as 4x1, so users of 8 GB machines know what to
// pick. Each setting runs in a fresh child process (load, one warm-up call, one timed call; peak RSS of the
// process); a round runs every setting once, order rotated; time ratios to the whole call are taken within
// each round and summarized with scripts/paired-bench.ts (median, min-max, bootstrap CI) over >= 5 rounds.
// Subjects: 'test-unet' (generated tiny UNet) and 'sd21-unet' (full-size SD 2.1 base with random weights;
// run it under `flock /tmp/sow-heavy.lock` on a machine shared with other heavy jobs).
//   tsx scripts/bench-low-memory.ts [--subjects test-unet,sd21-unet] (default both) [--rounds 5] [--device cpu|cuda]
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { createOrtNodeBackend, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import { type Backend, createNoiseGenerator, randn, splitBatchUNet, type UNet } from '@sow/core';
import { ensureTestModels, SD21_UNET_CONFIG, testModelDir } from '@sow/test-kit';
import { openSd21UNet } from './bench-sd21-unet.js';
import { formatRatio, median, summarizeRatios } from './paired-bench.js';

const BATCH = 4;
const LATENT = 64;
const SETTINGS = [4, 2, 1] as const;
const LABELS: Record<number, string> = { 4: 'whole (1x4)', 2: '2x2', 1: '4x1' };
const execFileAsync = promisify(execFile);

/** Opens a subject's UNet role and its text width. */
const SUBJECTS: Record<
  string,
  (backend: Backend) => Promise<{ unet: UNet; hidden: number; dispose(): Promise<void> }>
> = {
  'test-unet': async (backend) => {
    ensureTestModels(['optimum']);
    const models = await loadStableDiffusionFromDir(testModelDir('optimum'), { backend });
    return { unet: models.unet, hidden: models.textEncoder.hiddenSize, dispose: () => models.dispose() };
  },
  'sd21-unet': async (backend) => ({
    ...(await openSd21UNet(backend)),
    hidden: SD21_UNET_CONFIG.crossAttentionDim,
  }),
};

/** Child mode: one setting of one subject; prints `{ ms, peak }` (peak RSS in bytes) as the last line. */
async function child(subject: string, maxBatch: number, device: 'cpu' | 'cuda'): Promise<void> {
  const backend = await createOrtNodeBackend({ device });
  const opened = await (SUBJECTS[subject] as (typeof SUBJECTS)[string])(backend);
  const unet = splitBatchUNet(opened.unet, maxBatch);
  const rng = createNoiseGenerator('bench-low-memory');
  const input = {
    sample: randn(rng, [BATCH, 4, LATENT, LATENT]),
    timestep: 601,
    encoderHiddenStates: randn(rng, [BATCH, 77, opened.hidden]),
  };
  await unet.predict(input);
  const started = performance.now();
  await unet.predict(input);
  const ms = performance.now() - started;
  await opened.dispose();
  await backend.dispose();
  process.stdout.write(`\n${JSON.stringify({ ms, peak: process.resourceUsage().maxRSS * 1024 })}\n`);
}

async function runChild(
  subject: string,
  maxBatch: number,
  device: string,
): Promise<{ ms: number; peak: number }> {
  const script = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, script, '--child', `${subject}:${maxBatch}`, '--device', device];
  const { stdout } = await execFileAsync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
}

/** Runs `rounds` rounds of the three settings for one subject and prints its table. */
async function benchSubject(subject: string, rounds: number, device: string): Promise<void> {
  const runs: Record<number, { ms: number; peak: number }[]> = { 4: [], 2: [], 1: [] };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < SETTINGS.length; k++) {
      const max = SETTINGS[(r + k) % SETTINGS.length] as number;
      (runs[max] as { ms: number; peak: number }[]).push(await runChild(subject, max, device));
    }
  }
  console.log(
    `\n${subject}: one COW cycle call (batch ${BATCH}, ${LATENT}x${LATENT} latent), device ${device}, ${rounds} round(s)`,
  );
  console.log('  setting        peak RSS (median)   ms/call (median)   time ratio to whole (per round)');
  const whole = runs[4] as { ms: number; peak: number }[];
  for (const max of SETTINGS) {
    const rs = runs[max] as { ms: number; peak: number }[];
    const ratios = rs.map((x, i) => x.ms / (whole[i] as { ms: number }).ms);
    let ratio = '';
    if (max !== 4) {
      ratio =
        rounds >= 5
          ? formatRatio(summarizeRatios(ratios, `${subject}/${max}`))
          : `${ratios.map((x) => x.toFixed(3)).join(', ')} (fewer than 5 rounds: no summary)`;
    }
    const peak = `${(median(rs.map((x) => x.peak)) / 2 ** 30).toFixed(2)} GiB`;
    console.log(
      `  ${LABELS[max]?.padEnd(12)} ${peak.padStart(19)} ${median(rs.map((x) => x.ms))
        .toFixed(0)
        .padStart(18)}   ${ratio}`,
    );
  }
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    device: { type: 'string', default: 'cpu' },
    rounds: { type: 'string', default: '5' },
    subjects: { type: 'string', default: Object.keys(SUBJECTS).join(',') },
    child: { type: 'string' },
  },
});
const device = values.device === 'cuda' ? 'cuda' : 'cpu';
if (values.child !== undefined) {
  const [subject = '', max = '4'] = values.child.split(':');
  await child(subject, Number(max), device);
} else {
  console.log(
    '\nLow-memory mode (unetMaxBatch / splitBatchUNet): a fresh child process per setting and round.',
  );
  for (const subject of values.subjects.split(',')) {
    if (!(subject in SUBJECTS))
      throw new Error(`unknown subject ${subject}; known: ${Object.keys(SUBJECTS).join(', ')}`);
    await benchSubject(subject, Math.max(1, Number(values.rounds)), device);
  }
}
