import { execFileSync, spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createOrtNodeBackend, loadStableDiffusionFromDir, readImage, writePng } from '@sow/backend-ort-node';
import { cowSchedule, cowScheduleTotals, createCowPipeline, resolveCowConfig } from '@sow/core';
import { ensureTestModels } from '@sow/test-kit';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanNpmEnv, type PublicPackage, packPackages, publicPackages, ROOT } from './public-packages.js';

/**
 * A new user's app, outside the workspace: the public packages are packed and installed from their
 * tarballs (no workspace links) with their declared dependencies and ONNX Runtime peers from the
 * registry, in one `npm install`. The quick starts of the Node and browser backends' READMEs are copied
 * into it verbatim, type-checked with `skipLibCheck: false` (the Node one under `nodenext`, the browser
 * one under `bundler` without Node's types), the Node one is run on the generated test model and
 * compared with the same run from the workspace sources, and the browser one is bundled with esbuild for
 * the browser platform (which fails on any Node built-in).
 */
const app = mkdtempSync(join(tmpdir(), 'sow-outside-app-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const versionOf = (name: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;

/** The first TypeScript block after the `## Quick start` heading of a package README. */
function quickStart(pkg: string): string {
  const readme = readFileSync(join(ROOT, 'packages', pkg, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
  const code = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (code === undefined) throw new Error(`packages/${pkg}/README.md has no ts block under "## Quick start"`);
  return code;
}

/** The packages `names` need: themselves and their `@sow/*` dependencies, transitively. */
function withSowDependencies(all: readonly PublicPackage[], names: readonly string[]): PublicPackage[] {
  const byName = new Map(all.map((p) => [p.manifest.name, p]));
  const needed = new Set<string>();
  const add = (name: string): void => {
    const pkg = byName.get(name);
    if (pkg === undefined || needed.has(name)) return;
    needed.add(name);
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) add(dep);
  };
  for (const name of names) add(name);
  return [...needed].map((n) => byName.get(n) as PublicPackage);
}

const CANVAS = 128;
const modelDir = ensureTestModels(['optimum']).optimum;

beforeAll(() => {
  expect(relative(ROOT, app).startsWith('..')).toBe(true);
  const tarballs = join(app, 'tarballs');
  mkdirSync(tarballs);
  const packed = packPackages(
    withSowDependencies(publicPackages(), ['@sow/backend-ort-node', '@sow/backend-ort-web']),
    tarballs,
  );
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'outside-app', private: true, type: 'module' }, null, 2),
  );
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
      ...packed.map((p) => p.tarball),
      `onnxruntime-node@${versionOf('onnxruntime-node')}`,
      `onnxruntime-web@${versionOf('onnxruntime-web')}`,
      `@types/node@${versionOf('@types/node')}`,
    ],
    { cwd: app, env: cleanNpmEnv({ ONNXRUNTIME_NODE_INSTALL: 'skip' }), stdio: 'pipe' },
  );
  writeFileSync(join(app, 'cow.ts'), quickStart('backend-ort-node'));
  writeFileSync(join(app, 'web.ts'), quickStart('backend-ort-web'));
  const strict = { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022' };
  writeFileSync(
    join(app, 'tsconfig.node.json'),
    JSON.stringify({
      compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext', types: ['node'] },
      files: ['cow.ts'],
    }),
  );
  writeFileSync(
    join(app, 'tsconfig.web.json'),
    JSON.stringify({
      compilerOptions: {
        ...strict,
        module: 'esnext',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM'],
        types: [],
      },
      files: ['web.ts'],
    }),
  );
});

describe('an app outside the workspace', () => {
  it('installs the @sow packages from the tarballs, not from the workspace', () => {
    for (const name of ['@sow/core', '@sow/backend-ort-node', '@sow/backend-ort-web', '@sow/onnx-graph']) {
      const dir = join(app, 'node_modules', name);
      expect(lstatSync(dir).isSymbolicLink()).toBe(false);
      expect(realpathSync(dir).startsWith(realpathSync(app))).toBe(true);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { files: string[] };
      expect(manifest.files).toEqual(['dist', 'README.md', 'LICENSE']);
    }
  });

  it.each([
    ['the Node quick start (nodenext, with Node types)', 'tsconfig.node.json'],
    ['the browser quick start (bundler, without Node types)', 'tsconfig.web.json'],
  ])('type-checks %s with skipLibCheck false', (_, config) => {
    const check = spawnSync(process.execPath, [tsc, '-p', join(app, config)], { encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);
  });

  it('runs the Node quick start on the generated model, as the workspace sources do', async () => {
    const script = join(app, 'cow.mjs');
    await build({
      entryPoints: [join(app, 'cow.ts')],
      outfile: script,
      platform: 'node',
      format: 'esm',
      bundle: false,
      logLevel: 'silent',
    });
    const input = join(app, 'condition.png');
    const pixels = new Uint8Array(48 * 48 * 3).map((_, i) => (i * 37) % 251);
    await writePng(input, { width: 48, height: 48, channels: 3, data: pixels });
    const out = join(app, 'cow.png');
    const log = execFileSync(process.execPath, [script, modelDir, input, String(CANVAS), out], {
      cwd: app,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    // The reference: the quick start's settings, run from the workspace sources.
    const overrides = {
      canvasWidth: CANVAS,
      canvasHeight: CANVAS,
      box: { x: CANVAS / 4, y: 0, width: CANVAS / 2, height: CANVAS / 2 },
    };
    const calls = cowScheduleTotals(cowSchedule(resolveCowConfig('reference', overrides))).unetCalls;
    expect(log).toContain(`wrote ${out}: ${CANVAS}x${CANVAS}, ${calls} UNet calls`);
    const backend = await createOrtNodeBackend({ device: 'cpu' });
    const models = await loadStableDiffusionFromDir(modelDir, { backend });
    const reference = await createCowPipeline(models).generate({
      image: await readImage(input),
      prompt: 'a photo of a person attending a formal event.',
      preset: 'reference',
      config: { canvasWidth: CANVAS, canvasHeight: CANVAS },
      box: overrides.box,
      seed: 42,
    });
    await models.dispose();
    await backend.dispose();
    const made = await readImage(out);
    expect([made.width, made.height]).toEqual([CANVAS, CANVAS]);
    const diff = made.data.reduce((m, v, i) => Math.max(m, Math.abs(v - (reference.image.data[i] ?? 0))), 0);
    expect(diff).toBeLessThanOrEqual(1);
  });

  it('bundles the browser quick start with esbuild for the browser, without Node built-ins', async () => {
    const result = await build({
      entryPoints: [join(app, 'web.ts')],
      absWorkingDir: app,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      outdir: join(app, 'web-dist'),
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    for (const name of ['@sow/core', '@sow/backend-ort-web', 'onnxruntime-web']) {
      expect(inputs.some((p) => p.startsWith(`node_modules/${name}/`))).toBe(true);
    }
    expect(
      inputs.filter((p) => p.startsWith('node:') || (!p.startsWith('node_modules/') && p !== 'web.ts')),
    ).toEqual([]);
  });
});
