import { type Backend, createModulatedUNet, type ModelFolder, type StableDiffusionModels } from '@sow/core';
import { modulatedUNetSource } from '@sow/onnx-graph';

/**
 * Returns `models` with the UNet swapped for one that SOW can modulate, patched in the page by the same
 * code the Node backend uses (`modulatedUNetSource`: only the small graph is decoded, the external weights
 * are fetched from beside the original by URL). The extra session belongs to `backend` and is freed by
 * `backend.dispose()`.
 */
export async function withModulatedUNet(
  models: StableDiffusionModels,
  backend: Backend,
  folder: ModelFolder,
): Promise<StableDiffusionModels> {
  const session = await backend.loadSession(await modulatedUNetSource(folder));
  return { ...models, unet: createModulatedUNet(session) };
}
