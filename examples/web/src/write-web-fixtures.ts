import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeModel, encodeModel } from '@sow/onnx-graph';
import { affineModel, affineModelWithExternalData, jpegBomb, pngBomb } from '@sow/test-kit';

/**
 * Writes the model files the browser's URL loading cases fetch (see `page/url-loading-cases.ts`) into
 * `dir`: the affine conformance model inline, with `weights.pb`, with `model.onnx_data`, without its
 * external file, and a variant whose weight `W` declares 2^36 float32 values (its data file is never
 * written), more than a WebAssembly memory holds; `wide`, whose `W` declares 3 GiB (within a WebAssembly
 * memory, past any WebGPU adapter's buffer limit); and the crafted 30000×30000 PNG and JPEG
 * (`images/bomb.*`, image bombs) beside a small JPEG made the same way (`images/small.jpg`).
 */
export async function writeWebFixtures(dir: string): Promise<string> {
  const put = async (path: string, bytes: Uint8Array) => {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), bytes);
  };
  await put('inline/model.onnx', affineModel());
  for (const [folder, location] of [
    ['weights-pb', 'weights.pb'],
    ['onnx-data', 'model.onnx_data'],
  ] as const) {
    const { model, data } = affineModelWithExternalData(location);
    await put(`${folder}/model.onnx`, model);
    await put(`${folder}/${location}`, data);
  }
  await put('no-weights/model.onnx', affineModelWithExternalData('weights.pb').model);
  await put('huge/model.onnx', oversizedAffine('huge.bin', 2 ** 36));
  await put('wide/model.onnx', oversizedAffine('wide.bin', 3 * 2 ** 28));
  await put('images/bomb.png', pngBomb(30000, 30000));
  await put('images/bomb.jpg', jpegBomb(30000, 30000));
  await put('images/small.jpg', jpegBomb(48, 32));
  return dir;
}

/** The affine model's graph with its weight `W` declared as `values` float32s in `location` (never written). */
function oversizedAffine(location: string, values: number): Uint8Array {
  const model = decodeModel(affineModelWithExternalData(location).model);
  for (const tensor of model.graph?.initializer ?? []) {
    if (tensor.name !== 'W') continue;
    tensor.dims = [values];
    for (const entry of tensor.externalData ?? [])
      if (entry.key === 'length') entry.value = String(4 * values);
  }
  return encodeModel(model);
}
