import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImage } from '@sow/backend-ort-node';
import { cowSchedule, cowScheduleSvg, cowScheduleTotals, resolveCowConfig } from '@sow/core';
import { ensureTestModels } from '@sow/test-kit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { publicPackages } from './package-checks/public-packages.js';

/**
 * The guides stay true: the plan picture of the concepts guide is what `cowScheduleSvg` draws today
 * (regenerate it with the cow demo's `--plan-svg` when the drawing changes), the code of "Compose your
 * own pipeline" type-checks and runs as written on the generated test model, and the TypeScript examples
 * of the public packages' READMEs type-check against the workspace sources.
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

  it("compose your own pipeline and the READMEs' examples type-check; the guide program runs on the generated model", async () => {
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
    // With it, every TypeScript example of the public packages' READMEs, each a module of its own.
    const examples = publicPackages().flatMap(({ dir: pkgDir, manifest }) =>
      [...readFileSync(join(pkgDir, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m, n) => {
        const path = join(dir, `readme-${manifest.name.replace(/\W/g, '-')}-${n}-${process.pid}.ts`);
        writeFileSync(path, `${m[1]}\nexport {};\n`);
        return path;
      }),
    );
    expect(examples.length).toBeGreaterThanOrEqual(publicPackages().length);
    const tsconfig = join(dir, `tsconfig-${process.pid}.json`);
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: { baseUrl: '../..' },
        include: [],
        files: [file, ...examples],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      const check = spawnSync(process.execPath, [tsc, '-p', tsconfig], { encoding: 'utf8' });
      expect(`${check.stdout}${check.stderr}`).toBe('');
      expect(check.status).toBe(0);
    } finally {
      for (const path of [tsconfig, ...examples]) rmSync(path, { force: true });
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
