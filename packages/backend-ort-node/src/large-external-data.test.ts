import { cp, link, mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Backend,
  createNoiseGenerator,
  ModelLoadError,
  randn,
  type StableDiffusionModels,
} from '@sow/core';
import { decodeModel, encodeModel } from '@sow/onnx-graph';
import { ensureTestModels, folderListing, rejection } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';
import { loadStableDiffusionFromDir } from './load-stable-diffusion-from-dir.js';

/** Past 2 GiB: more than `fs.readFile` (and so a weights-as-bytes load) can take. Sparse, so cheap. */
const PADDED_BYTES = 2400 * 1024 * 1024;

describe('SOW loading with external UNet weights past 2 GiB and broken weight files', () => {
  let backend: Backend;
  let source: string;
  let work: string;

  /** A copy of the generated `external-data` pipeline (UNet weights in `unet/weights.pb`). */
  async function copy(name: string): Promise<string> {
    const dir = join(work, name);
    await cp(source, dir, { recursive: true });
    return dir;
  }

  /** One UNet call on fixed inputs (a 16×16 latent, batch 2). */
  async function unetOutput(models: StableDiffusionModels): Promise<Float32Array> {
    const rng = createNoiseGenerator('large-external-data');
    const sample = randn(rng, [2, 4, 16, 16]);
    const encoderHiddenStates = randn(rng, [2, 77, models.textEncoder.hiddenSize]);
    return (await models.unet.predict({ sample, timestep: 601, encoderHiddenStates })).data;
  }

  beforeAll(async () => {
    source = ensureTestModels(['external-data'])['external-data'];
    work = await mkdtemp(join(tmpdir(), 'sow-large-'));
    backend = await createOrtNodeBackend({ device: 'cpu' });
  });
  afterAll(async () => {
    await backend?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('loads the patched UNet from a folder whose weights file is padded past 2 GiB, same output, folder untouched', async () => {
    const padded = await copy('padded');
    await truncate(join(padded, 'unet', 'weights.pb'), PADDED_BYTES);
    const before = await folderListing(padded);
    const plain = await loadStableDiffusionFromDir(source, { backend, attentionModulation: true });
    const big = await loadStableDiffusionFromDir(padded, { backend, attentionModulation: true });
    try {
      const expected = await unetOutput(plain);
      const received = await unetOutput(big);
      expect(received.length).toBe(expected.length);
      expect(Buffer.from(received.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    } finally {
      await plain.dispose();
      await big.dispose();
    }
    expect(await folderListing(padded)).toEqual(before);

    // The same graph as bytes: weights by path under their recorded name are read by ONNX Runtime itself;
    // under another name they would have to be read into memory, which Node cannot past 2 GiB.
    const graph = new Uint8Array(await readFile(join(padded, 'unet', 'model.onnx')));
    const weights = join(padded, 'unet', 'weights.pb');
    const session = await backend.loadSession({
      bytes: graph,
      externalData: [{ path: 'weights.pb', data: weights }],
    });
    await session.dispose();
    const renamed = join(work, 'renamed.pb');
    await link(weights, renamed);
    const error = await rejection(
      backend.loadSession({ bytes: graph, externalData: [{ path: 'weights.pb', data: renamed }] }),
    );
    expect(error).toMatchObject({ code: 'MODEL_LOAD', location: renamed });
    expect((error as Error).message).toContain('more than the 2 GiB Node can read into memory');
  });

  it('rejects a truncated weights file with ModelLoadError naming the file, with and without the patch', async () => {
    const dir = await copy('truncated');
    const weights = join(dir, 'unet', 'weights.pb');
    await truncate(weights, 1000);
    for (const attentionModulation of [true, false]) {
      const error = await rejection(loadStableDiffusionFromDir(dir, { backend, attentionModulation }));
      expect(ModelLoadError.isInstance(error)).toBe(true);
      expect((error as ModelLoadError).location).toBe(weights);
      expect((error as Error).message).toMatch(
        /truncated: initializer \S+ needs \d+ bytes, the file has 1000/,
      );
    }
    expect(backend.openSessions).toBe(0);
  });

  it('rejects a missing weights file with ModelLoadError naming it, with and without the patch', async () => {
    const dir = await copy('missing');
    const weights = join(dir, 'unet', 'weights.pb');
    await unlink(weights);
    for (const attentionModulation of [true, false]) {
      const error = await rejection(loadStableDiffusionFromDir(dir, { backend, attentionModulation }));
      expect(ModelLoadError.isInstance(error)).toBe(true);
      expect((error as ModelLoadError).location).toBe(weights);
    }
  });

  it('refuses external data locations that leave the folder (`..`, absolute)', async () => {
    for (const location of ['../weights.pb', join(source, 'unet', 'weights.pb')]) {
      const dir = await copy(`escape-${location.length}`);
      const graph = join(dir, 'unet', 'model.onnx');
      const model = decodeModel(new Uint8Array(await readFile(graph)));
      for (const t of model.graph?.initializer ?? []) {
        for (const e of t.externalData ?? []) if (e.key === 'location') e.value = location;
      }
      await writeFile(graph, encodeModel(model));
      for (const attentionModulation of [true, false]) {
        const error = await rejection(loadStableDiffusionFromDir(dir, { backend, attentionModulation }));
        expect(ModelLoadError.isInstance(error)).toBe(true);
        expect((error as Error).message).toContain(JSON.stringify(location).slice(1, -1));
      }
    }
  });
});
