import { scanOnnxModel } from '@sow/backend-ort-web';
import { type Backend, createModulatedUNet, type ModelFolder, type StableDiffusionModels } from '@sow/core';
import { patchSelfAttentionBytes } from '@sow/onnx-graph';

/**
 * Returns `models` with the UNet swapped for one that SOW can modulate: the folder's UNet graph patched
 * by `patchSelfAttentionBytes` in the browser (only the small graph is decoded), loaded on `backend`
 * with its external weights fetched from beside the original by URL. The extra session belongs to
 * `backend` and is freed by `backend.dispose()`.
 */
export async function withModulatedUNet(
  models: StableDiffusionModels,
  backend: Backend,
  folder: ModelFolder,
): Promise<StableDiffusionModels> {
  const patched = patchSelfAttentionBytes(await folder.readBytes('unet/model.onnx'));
  const unetUrl = new URL('unet/', folder.location);
  const externalData = scanOnnxModel(patched.bytes).externalData.map((path) => ({
    path,
    data: new URL(path, unetUrl).href,
  }));
  const session = await backend.loadSession({ bytes: patched.bytes, externalData });
  return { ...models, unet: createModulatedUNet(session) };
}
