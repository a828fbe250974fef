import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImage } from '@sow/backend-ort-node';
import { cowSchedule, cowScheduleSvg, cowScheduleTotals, resolveCowConfig } from '@sow/core';
import { ensureTestModels } from '@sow/test-kit';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * The guides stay true: the plan picture of the concepts guide is what `cowScheduleSvg` draws today
 * (regenerate it with the cow demo's `--plan-svg` when the drawing changes), and the code of "Compose
 * your own pipeline" runs as written on the generated test model.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const guide = (name: string) => readFileSync(join(root, 'docs', 'guides', name), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'sow-guide-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('docs/guides', () => {
  it('concepts: the committed plan picture is the reference plan as cowScheduleSvg draws it', () => {
    const ops = cowSchedule(resolveCowConfig('reference'));
    const { unetCalls } = cowScheduleTotals(ops);
    const title = `COW plan: preset reference, 10 cycles, ${unetCalls} UNet calls`;
    const committed = readFileSync(join(root, 'docs/guides/images/cow-plan-reference.svg'), 'utf8');
    expect(committed).toBe(cowScheduleSvg(ops, { title }));
    for (const image of ['images/cow-plan-reference.svg', 'images/cow-strip-test-model.png']) {
      expect(guide('concepts.md')).toContain(`](${image})`);
    }
  });

  it('compose your own pipeline: the guide program type-checks and runs on the generated model', async () => {
    const size = 64;
    const blocks = [...guide('compose-your-own-pipeline.md').matchAll(/```ts\n([\s\S]*?)```/g)].map(
      (m) => m[1],
    );
    let program = blocks.join('\n');
    const settings = [
      [
        /const modelDir = '[^']*';/,
        `const modelDir = ${JSON.stringify(ensureTestModels(['optimum']).optimum)};`,
      ],
      [/const size = \d+;/, `const size = ${size};`],
    ] as const;
    for (const [pattern, replacement] of settings) {
      expect(program).toMatch(pattern);
      program = program.replace(pattern, replacement);
    }
    // Inside the repository, so that vitest resolves @sow/* to the workspace sources.
    const dir = join(root, '.cache', 'guides');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `compose-${process.pid}.ts`);
    writeFileSync(file, program);
    // Type-checked first, against the workspace sources, with the repository's strict settings.
    const tsconfig = join(dir, `tsconfig-${process.pid}.json`);
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: { baseUrl: '../..' },
        include: [],
        files: [file],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      expect(() => execFileSync(process.execPath, [tsc, '-p', tsconfig], { stdio: 'pipe' })).not.toThrow();
    } finally {
      rmSync(tsconfig, { force: true });
    }
    const logs: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => void logs.push(args.join(' ')));
    const cwd = process.cwd();
    process.chdir(work);
    try {
      await import(file);
    } finally {
      process.chdir(cwd);
      log.mockRestore();
      rmSync(file, { force: true });
    }
    // Three cycles of the reference plan, without the preservation (it makes no model call).
    const calls = cowScheduleTotals(cowSchedule(resolveCowConfig('reference', { cycles: 3 }))).unetCalls;
    expect(logs.join('\n').match(/renoise/g)).toHaveLength(3);
    expect(logs.join('\n')).not.toContain('replace preserve');
    // Two VAE encodes and one decode besides the UNet calls.
    expect(logs).toContain(`${calls} UNet calls (planned ${calls}), ${calls + 3} session runs`);
    for (const png of ['edited-cow.png', 'rescaled-cfg.png']) {
      expect(existsSync(join(work, png))).toBe(true);
      const image = await readImage(join(work, png));
      expect([image.width, image.height]).toEqual([size, size]);
    }
  });
});
