import { BackendUnavailableError, createTensor } from '@sow/core';
import { affineModel, describeBackendConformance, expectAffineOutput } from '@sow/test-kit';
import { describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';

describeBackendConformance('ort-node cpu', () => createOrtNodeBackend({ device: 'cpu' }));

describe('createOrtNodeBackend devices', () => {
  it('gives CUDA when asked for CUDA, or BackendUnavailableError listing the CPU, never a CPU fallback', async () => {
    const result = await createOrtNodeBackend({ device: 'cuda' }).then(
      (backend) => ({ backend }),
      (error: unknown) => ({ error }),
    );
    if ('error' in result) {
      expect(result.error).toBeInstanceOf(BackendUnavailableError);
      const error = result.error as BackendUnavailableError;
      expect(error.requested).toBe('cuda');
      expect(error.available).toContain('cpu');
      expect(error.available).not.toContain('cuda');
      expect(error.message).toMatch(/Device 'cuda' is not available .*available: \[cpu\]/);
      return;
    }
    const { backend } = result;
    expect(backend.device).toBe('cuda');
    const session = await backend.loadSession({ bytes: affineModel() });
    const x = createTensor('float32', [1, 4], [1, 2, 3, 4]);
    expectAffineOutput(x, (await session.run({ x })).y, 4);
    await backend.dispose();
  });

  it("'auto' reports the device it chose, which is the one 'cuda' gives or else the CPU", async () => {
    const auto = await createOrtNodeBackend({ device: 'auto' });
    const cudaWorks = await createOrtNodeBackend({ device: 'cuda' }).then(
      async (b) => {
        await b.dispose();
        return true;
      },
      () => false,
    );
    expect(auto.device).toBe(cudaWorks ? 'cuda' : 'cpu');
    await auto.dispose();
  });

  it('passes session options through and validates them', async () => {
    const backend = await createOrtNodeBackend({
      graphOptimizationLevel: 'disabled',
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      sessionOptions: { executionMode: 'sequential' },
    });
    expect(backend).toMatchObject({ name: 'ort-node', device: 'cpu' });
    const session = await backend.loadSession({ bytes: affineModel() });
    const x = createTensor('float32', [1, 4], [0, 0, 0, 0]);
    expect([...(await session.run({ x })).y!.data]).toEqual([0.25, -1, 2]);
    await backend.dispose();
    await expect(createOrtNodeBackend({ intraOpNumThreads: -1 })).rejects.toThrow(
      /createOrtNodeBackend: settings\.intraOpNumThreads must be a non-negative integer, got -1\./,
    );
    await expect(createOrtNodeBackend({ device: 'gpu' as 'cuda' })).rejects.toThrow(
      /settings\.device must be one of 'cpu', 'cuda', 'auto'/,
    );
  });
});
