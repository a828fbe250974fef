import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SowError } from '@sow/core';
import { ensureTestModels, mutateBytes } from '@sow/test-kit';
import { describe, expect, it } from 'vitest';
import { patchSelfAttentionBytes } from './attention-surgery/patch-self-attention-bytes.js';
import { decodeModel } from './codec.js';
import { externalDataExtents } from './external-data-extents.js';

/** Runs `body`; returns a description of its failure unless it returned or threw a `SowError`. */
function untyped(label: string, body: () => unknown): string | undefined {
  try {
    body();
    return undefined;
  } catch (error) {
    return SowError.isInstance(error) ? undefined : `${label}: ${String(error)}`;
  }
}

describe('the ONNX codec and the attention surgery on mutated model files', () => {
  it('end every seeded mutated or truncated copy of the generated graphs in a result or a SowError', () => {
    const dir = ensureTestModels(['external-data'])['external-data'];
    const failures: string[] = [];
    let cases = 0;
    for (const [seed, file, count] of [
      [1, 'unet/model.onnx', 1400],
      [2, 'text_encoder/model.onnx', 300],
      [3, 'vae_decoder/model.onnx', 300],
    ] as const) {
      const original = new Uint8Array(readFileSync(join(dir, file)));
      for (const { bytes, mutation } of mutateBytes(original, seed, count)) {
        cases += 1;
        const label = `${file} ${mutation}`;
        const failure =
          untyped(`${label} decode`, () => externalDataExtents(decodeModel(bytes))) ??
          (file.startsWith('unet')
            ? untyped(`${label} patch`, () => patchSelfAttentionBytes(bytes))
            : undefined);
        if (failure !== undefined) failures.push(failure);
      }
    }
    expect(cases).toBe(2000);
    expect(failures.slice(0, 10)).toEqual([]);
  }, 120_000);
});
