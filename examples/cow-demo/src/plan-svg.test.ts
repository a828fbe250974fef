import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCowDemoArgs } from './parse-cow-demo-args.js';
import { runCowDemo } from './run-cow-demo.js';

const dir = await mkdtemp(join(tmpdir(), 'cow-demo-plan-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('cow-demo --plan-svg', () => {
  it('draws the plan the run executed: one mark per op, the UNet calls it made', async () => {
    const svgPath = join(dir, 'plan.svg');
    const args = ['--out', join(dir, 'cow.png'), '--cycles', '2', '--canvas', '64', '--plan-svg', svgPath];
    const run = await runCowDemo(parseCowDemoArgs(args), { log: () => {}, progress: () => {} });
    const svg = await readFile(svgPath, 'utf8');
    const kinds = [...svg.matchAll(/ data-index="\d+" data-kind="(\w+)"/g)].map((m) => m[1]);
    expect(kinds.filter((k) => k === 'renoise')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'decode')).toHaveLength(1);
    const calls = kinds.filter((k) => k === 'invert' || k === 'denoise').length;
    expect(calls).toBe(run.result.unetCalls);
    expect(svg).toContain(`${run.result.unetCalls} UNet calls`);
    expect(() => parseCowDemoArgs(['--plan-svg', 'plan.png'])).toThrow(/--plan-svg must name a \.svg file/);
  });
});
