import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Backend, createTensor, ModelLoadError, type Session } from '@sow/core';
import { decodeModel } from '@sow/onnx-graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affineModel, affineModelWithExternalData } from './conformance-models.js';
import { expectAffineOutput } from './expect-affine-output.js';

/** Awaits a load that must fail and returns its `ModelLoadError`. */
async function loadError(promise: Promise<Session>): Promise<ModelLoadError> {
  const error = await promise.then(
    async (s) => {
      await s.dispose();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelLoadError);
  return error as ModelLoadError;
}

/** Runs an affine session on a fixed input and checks it against the closed form. */
async function expectAffine(session: Session): Promise<void> {
  const x = createTensor('float32', [2, 4], [1, -2, 0.5, 3, 0, 1, -1, 2]);
  expectAffineOutput(x, (await session.run({ x })).y);
}

/** Registers the loading cases: corrupt bytes, missing files, file locations and external data. */
export function describeLoadingCases(backend: () => Backend): void {
  describe('loading', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sow-conformance-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('rejects corrupt and truncated bytes with ModelLoadError', async () => {
      const noise = Uint8Array.from({ length: 512 }, (_, i) => (i * 2654435761) >>> 24);
      await loadError(backend().loadSession({ bytes: noise }));
      const model = affineModel();
      await loadError(backend().loadSession({ bytes: model.subarray(0, model.length >> 1) }));
    });

    it('rejects a missing file with ModelLoadError naming the path', async () => {
      const path = join(dir, 'absent', 'model.onnx');
      const error = await loadError(backend().loadSession({ location: path }));
      expect(error.location).toBe(path);
      expect(error.message).toContain(path);
    });

    it('loads a model from a file location', async () => {
      const path = join(dir, 'inline.onnx');
      await writeFile(path, affineModel());
      const session = await backend().loadSession({ location: path });
      await expectAffine(session);
      await session.dispose();
    });

    for (const location of ['weights.pb', 'model.onnx_data']) {
      it(`loads external data (${location}) beside a model file and from bytes`, async () => {
        const { model, data } = affineModelWithExternalData(location);
        const initializers = decodeModel(model).graph?.initializer ?? [];
        expect(initializers.map((t) => t.dataLocation)).toEqual([1, 1]);
        const folder = await mkdtemp(join(dir, 'external-'));
        await writeFile(join(folder, 'model.onnx'), model);
        await writeFile(join(folder, location), data);
        const fromFile = await backend().loadSession({ location: join(folder, 'model.onnx') });
        await expectAffine(fromFile);
        const fromBytes = await backend().loadSession({
          bytes: model,
          externalData: [{ path: location, data }],
        });
        await expectAffine(fromBytes);
        await Promise.all([fromFile.dispose(), fromBytes.dispose()]);
      });
    }

    it('rejects a model whose external data file is missing with ModelLoadError', async () => {
      const { model } = affineModelWithExternalData('weights.pb');
      const folder = await mkdtemp(join(dir, 'no-weights-'));
      await writeFile(join(folder, 'model.onnx'), model);
      await loadError(backend().loadSession({ location: join(folder, 'model.onnx') }));
    });
  });
}
