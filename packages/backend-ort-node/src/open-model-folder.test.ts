import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, ModelLoadError } from '@sow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModelFolder } from './open-model-folder.js';

describe('openModelFolder', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sow-folder-'));
    await mkdir(join(dir, 'tokenizer'));
    await mkdir(join(dir, 'unet'));
    await writeFile(join(dir, 'model_index.json'), '{"_class_name":"OnnxStableDiffusionPipeline"}');
    await writeFile(join(dir, 'tokenizer', 'merges.txt'), 'ä b\n');
    await writeFile(join(dir, 'unet', 'model.onnx'), new Uint8Array([8, 7, 0, 255]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads text as UTF-8 and bytes unchanged', async () => {
    const folder = openModelFolder(dir);
    expect(folder.location).toBe(dir);
    expect(JSON.parse(await folder.readText('model_index.json'))).toEqual({
      _class_name: 'OnnxStableDiffusionPipeline',
    });
    expect(await folder.readText('tokenizer/merges.txt')).toBe('ä b\n');
    expect([...(await folder.readBytes('unet/model.onnx'))]).toEqual([8, 7, 0, 255]);
  });

  it('tells which files exist', async () => {
    const folder = openModelFolder(dir);
    expect(await folder.exists('tokenizer/merges.txt')).toBe(true);
    expect(await folder.exists('tokenizer/vocab.json')).toBe(false);
  });

  it('gives a model source at the full path', async () => {
    const folder = openModelFolder(dir);
    expect(await folder.modelSource('unet/model.onnx')).toEqual({
      location: join(dir, 'unet', 'model.onnx'),
    });
  });

  it('throws ModelLoadError naming a missing folder', () => {
    const missing = join(dir, 'no-such-model');
    expect(() => openModelFolder(missing)).toThrow(ModelLoadError);
    try {
      openModelFolder(missing);
    } catch (e) {
      expect((e as ModelLoadError).location).toBe(missing);
      expect((e as Error).message).toContain(missing);
    }
  });

  it('rejects with ModelLoadError naming the full path of a missing file', async () => {
    const folder = openModelFolder(dir);
    const full = join(dir, 'vae_decoder', 'model.onnx');
    for (const read of [folder.readText, folder.readBytes, folder.modelSource]) {
      const error = await read('vae_decoder/model.onnx').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as ModelLoadError).location).toBe(full);
      expect((error as Error).message).toContain(full);
    }
  });

  it('refuses paths outside the folder', async () => {
    const folder = openModelFolder(dir);
    await expect(folder.readText('../etc/passwd')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(folder.readText('/etc/passwd')).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
