import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentExecutor } from './experiment-executor.js';
import { parseExperimentSpec } from './parse-experiment-spec.js';
import { runExperiment } from './run-experiment.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sow-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spec = parseExperimentSpec({
  name: 'fake',
  conditions: [{ id: 'a', image: 'a.png' }],
  prompts: ['p'],
  seeds: [1, 2, 3, 4, 5, 6],
  methods: ['txt2img'],
});

/** An executor that takes `ms` per job and fails on the job whose seed is `failOn`. */
function fake(failOn: number, ms: number): ExperimentExecutor & { started: number[]; peak: number } {
  let running = 0;
  const state = { started: [] as number[], peak: 0 };
  return Object.assign(state, {
    async run(job: Parameters<ExperimentExecutor['run']>[0]) {
      state.started.push(job.seed);
      running += 1;
      state.peak = Math.max(state.peak, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      if (job.seed === failOn) throw new Error(`job ${job.seed} failed`);
      return {
        png: new Uint8Array([1, 2, 3]),
        prompt: job.prompt,
        config: {},
        seed: job.seed,
        device: 'fake',
        timings: { totalMs: ms },
        unetCalls: 0,
        warnings: [],
      };
    },
  });
}

describe('runExperiment', () => {
  it('keeps `concurrency` jobs in flight, starts none after a failure, and resumes the rest later', async () => {
    const outDir = join(dir, 'run');
    const first = fake(3, 30);
    await expect(
      runExperiment({ spec, specDir: dir, outDir, executor: first, concurrency: 2 }),
    ).rejects.toThrow('job 3 failed');
    expect(first.peak).toBe(2);
    // Seeds 1 and 2 ran together, then 3 and 4; 3 failed, so 5 and 6 never started.
    expect(first.started).toEqual([1, 2, 3, 4]);
    expect((await readdir(join(outDir, 'records'))).sort()).toEqual([
      'txt2img__a__p0__s1.json',
      'txt2img__a__p0__s2.json',
      'txt2img__a__p0__s4.json',
    ]);
    const second = fake(-1, 1);
    expect(await runExperiment({ spec, specDir: dir, outDir, executor: second, concurrency: 2 })).toEqual({
      total: 6,
      generated: 3,
      skipped: 3,
    });
    expect(second.started.sort()).toEqual([3, 5, 6]);
  });

  it('rejects a bad concurrency with a typed error', async () => {
    await expect(
      runExperiment({ spec, specDir: dir, outDir: join(dir, 'bad'), executor: fake(-1, 1), concurrency: 0 }),
    ).rejects.toThrow(/runExperiment: options.concurrency must be a positive integer, got 0/);
  });
});
