import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, decodeModel } from '@sow/onnx-graph';
import {
  affineModelWithExternalData,
  castModel,
  ensureTestModels,
  TEST_MODEL_SPECS,
  TEST_MODEL_VARIANTS,
} from '@sow/test-kit';
import { describe, expect, it } from 'vitest';
import { scanOnnxModel } from './scan-onnx-model.js';

const BYTES: Readonly<Record<number, number>> = {
  [DataType.Float]: 4,
  [DataType.Float16]: 2,
  [DataType.Int64]: 8,
};

/** The same facts read with a full protobuf decoder (`@sow/onnx-graph`, protobufjs), for comparison. */
function decodedFacts(bytes: Uint8Array) {
  const graph = decodeModel(bytes).graph!;
  const sizes = (graph.initializer ?? []).map((t) => ({
    name: t.name ?? '',
    bytes: (t.dims ?? []).reduce((n, d) => n * Number(d), 1) * (BYTES[t.dataType ?? 0] ?? 1),
  }));
  const largest = sizes.reduce<(typeof sizes)[number] | undefined>(
    (a, b) => (a === undefined || b.bytes > a.bytes ? b : a),
    undefined,
  );
  const locations = (graph.initializer ?? []).flatMap((t) =>
    (t.externalData ?? []).filter((e) => e.key === 'location').map((e) => e.value),
  );
  const totalInitializerBytes = sizes.reduce((n, s) => n + s.bytes, 0);
  return { externalData: [...new Set(locations)], largestInitializer: largest, totalInitializerBytes };
}

describe('scanOnnxModel', () => {
  const dirs = ensureTestModels();

  it.each(TEST_MODEL_VARIANTS)(
    'reads external data and the largest weight of the %s test pipeline like a full decoder',
    (variant) => {
      for (const role of ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder']) {
        const bytes = new Uint8Array(readFileSync(join(dirs[variant], role, 'model.onnx')));
        const scan = scanOnnxModel(bytes);
        expect(scan).toMatchObject(decodedFacts(bytes));
        expect(scan.usesFloat16).toBe(TEST_MODEL_SPECS[variant].float === 'float16');
      }
      const unet = scanOnnxModel(new Uint8Array(readFileSync(join(dirs[variant], 'unet', 'model.onnx'))));
      const external = TEST_MODEL_SPECS[variant].unetExternalData;
      expect(unet.externalData).toEqual(external === undefined ? [] : [external]);
    },
  );

  it('sizes an external weight from its dims, spots a Cast to float16 and rejects non-protobuf bytes', () => {
    const { model } = affineModelWithExternalData('model.onnx_data');
    expect(scanOnnxModel(model)).toEqual({
      externalData: ['model.onnx_data'],
      largestInitializer: { name: 'W', bytes: 4 * 3 * 4 },
      totalInitializerBytes: 4 * 3 * 4 + 3 * 4,
      usesFloat16: false,
    });
    expect(scanOnnxModel(castModel()).usesFloat16).toBe(true);
    expect(() => scanOnnxModel(Uint8Array.from([0x0a, 0x7f, 1, 2]))).toThrow(RangeError);
  });
});
