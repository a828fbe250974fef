import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '@sow/backend-ort-node';
import { NumericalError, type SowResult } from '@sow/core';
import { ensureTestModels, poisonOutput } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCowDemoArgs } from './parse-cow-demo-args.js';
import { runCowDemo, TEST_MODEL_NOTE } from './run-cow-demo.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cow-demo-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cow-demo command', () => {
  it('parses options and rejects bad ones with the usage text', () => {
    expect(
      parseCowDemoArgs([
        '--box',
        '8,0,64,64',
        '--preset',
        'normal',
        '--seed',
        '7',
        '--canvas',
        '128',
        '--noise',
        'torch-cpu',
      ]),
    ).toMatchObject({
      noise: 'torch-cpu',
      box: { x: 8, y: 0, width: 64, height: 64 },
      preset: 'normal',
      seed: 7,
      canvas: 128,
      out: 'cow.png',
    });
    expect(() => parseCowDemoArgs(['--box', '1,2,3'])).toThrow(/--box must be four/);
    expect(() => parseCowDemoArgs(['--preset', 'fancy'])).toThrow(/Unknown preset/);
    expect(() => parseCowDemoArgs(['--noise', 'cuda'])).toThrow(/--noise must be philox or torch-cpu/);
    expect(() => parseCowDemoArgs(['--out', 'x.jpg'])).toThrow(/\.png/);
  });

  it('runs offline on the generated test model, says so, and writes the image and the strip', async () => {
    const lines: string[] = [];
    const out = join(dir, 'cow.png');
    const run = await runCowDemo(parseCowDemoArgs(['--out', out, '--cycles', '2', '--canvas', '64']), {
      log: (line) => lines.push(line),
      progress: () => {},
    });
    expect(lines[0]).toBe(TEST_MODEL_NOTE);
    const image = decodeImage(await readFile(out));
    expect([image.width, image.height]).toEqual([64, 64]);
    const strip = decodeImage(await readFile(run.strip));
    // Seed canvas, after inversion, 2 cycles, 5 final steps: 9 tiles of 128 px with 4 px gaps.
    expect([strip.width, strip.height]).toEqual([9 * 132 - 4, 128]);
  });

  it('writes no image when the VAE decoder returns infinities (NumericalError)', async () => {
    const model = join(dir, 'inf-decoder');
    await cp(ensureTestModels(['optimum']).optimum, model, { recursive: true });
    const decoder = join(model, 'vae_decoder', 'model.onnx');
    await writeFile(
      decoder,
      poisonOutput(await readFile(decoder), { output: 'sample', value: Number.POSITIVE_INFINITY }),
    );
    const out = join(dir, 'inf.png');
    const args = parseCowDemoArgs(['--model-dir', model, '--out', out, '--cycles', '2', '--canvas', '64']);
    const run = runCowDemo(args, { log: () => {}, progress: () => {} });
    await expect(run).rejects.toSatisfy(
      (e) => NumericalError.isInstance(e) && e.message.includes('phase decode'),
    );
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'inf-strip.png'))).toBe(false);
  });

  it('runs SOW with the offline and random planners, printing the plan', async () => {
    expect(() => parseCowDemoArgs(['--method', 'dream'])).toThrow(/--method must be cow or sow/);
    expect(() => parseCowDemoArgs(['--provider', 'oracle'])).toThrow(/--provider must be one of/);
    for (const provider of ['offline', 'random']) {
      const lines: string[] = [];
      const out = join(dir, `sow-${provider}.png`);
      const args = [
        '--method',
        'sow',
        '--provider',
        provider,
        '--out',
        out,
        '--cycles',
        '1',
        '--canvas',
        '128',
      ];
      const run = await runCowDemo(parseCowDemoArgs(args), { log: (l) => lines.push(l), progress: () => {} });
      const plan = (run.result as SowResult).plan;
      expect(plan.provenance.box.source).toBe(provider);
      // The condition is pasted where the plan says: the result's resolved box is the plan's box.
      const { x, y, width, height } = run.result.config.box;
      expect([x, y, width, height]).toEqual([...plan.box]);
      expect(lines.some((l) => l.startsWith(`Plan (${provider}):`))).toBe(true);
      expect(lines.some((l) => l.startsWith('SOW, preset reference'))).toBe(true);
      expect(existsSync(out)).toBe(true);
    }
  });

  it('writes nothing when the input is bad', async () => {
    const out = join(dir, 'bad.png');
    await expect(
      runCowDemo(parseCowDemoArgs(['--out', out, '--canvas', '64', '--box', '48,0,32,32']), {
        log: () => {},
        progress: () => {},
      }),
    ).rejects.toThrow(/config\.box must be/);
    expect(existsSync(out)).toBe(false);
  });
});
