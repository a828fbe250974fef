import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Backend, SowError } from '@sow/core';
import { ensureTestModels, folderListing, mutateBytes } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';
import { loadStableDiffusionFromDir } from './load-stable-diffusion-from-dir.js';

/**
 * Files of the `external-data` pipeline that get mutated, and how many cases each (each case loads the
 * whole folder, about a second; the codec itself is fuzzed with thousands of cases in `@sow/onnx-graph`).
 */
const TARGETS = [
  ['unet/model.onnx', 8],
  ['unet/weights.pb', 2],
  ['text_encoder/model.onnx', 4],
  ['vae_decoder/model.onnx', 4],
  ['vae_encoder/model.onnx', 2],
  ['model_index.json', 2],
  ['scheduler/scheduler_config.json', 4],
  ['tokenizer/vocab.json', 2],
  ['tokenizer/merges.txt', 2],
] as const;

describe('the folder loader on mutated model folders', () => {
  let backend: Backend;
  let dir: string;
  let work: string;

  beforeAll(async () => {
    const source = ensureTestModels(['external-data'])['external-data'];
    work = await mkdtemp(join(tmpdir(), 'sow-fuzz-'));
    dir = join(work, 'model');
    await cp(source, dir, { recursive: true });
    backend = await createOrtNodeBackend({ device: 'cpu' });
  });
  afterAll(async () => {
    await backend?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('loads or rejects with a SowError, without hanging or writing into the folder', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const [index, [file, count]] of TARGETS.entries()) {
      const path = join(dir, file);
      const original = new Uint8Array(await readFile(path));
      for (const { bytes, mutation } of mutateBytes(original, 100 + index, count)) {
        cases += 1;
        await writeFile(path, bytes);
        const before = await folderListing(dir);
        const attentionModulation = cases % 2 === 0;
        const label = `${file} ${mutation}${attentionModulation ? ' (patched)' : ''}`;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const hang = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer within 20 s')), 20_000);
        });
        try {
          const models = await Promise.race([
            loadStableDiffusionFromDir(dir, { backend, attentionModulation }),
            hang,
          ]);
          await models.dispose();
        } catch (error) {
          if (!SowError.isInstance(error)) failures.push(`${label}: ${String(error)}`);
        } finally {
          clearTimeout(timer);
        }
        if ((await folderListing(dir)).join() !== before.join())
          failures.push(`${label}: the folder changed`);
      }
      await writeFile(path, original);
    }
    expect(cases).toBe(TARGETS.reduce((n, [, c]) => n + c, 0));
    expect(failures).toEqual([]);
    expect(backend.openSessions).toBe(0);
  }, 120_000);
});
