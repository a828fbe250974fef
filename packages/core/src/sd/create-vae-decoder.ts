import type { Session } from '../models/backend.js';
import type { CallOptions, VaeDecoder } from '../models/roles.js';
import { clampTensor } from '../tensor/clamp-tensor.js';
import { scale } from '../tensor/scale.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import { checkLatentBatch } from './check-image-batch.js';
import { checkDtype, checkSessionIO, tensorInfo } from './check-session-io.js';
import { floatInputRunner } from './float-input-runner.js';
import { fromModelFloat } from './model-float.js';
import { resolveScalingFactor, type VaeSettings } from './vae-settings.js';

const ROLE = 'vae_decoder';

/**
 * Wraps a Stable Diffusion VAE-decoder session as the {@link VaeDecoder} role: UNet-scale latents are
 * divided by the scaling factor, decoded (`latent_sample` → `sample`) and clamped to [-1, 1].
 * @throws ModelIOError when the names differ from `latent_sample` → `sample`.
 * @see ../shared/spec/onnx-models.md section 2.3
 * @example
 * const vaeDecoder = createVaeDecoder(await backend.loadSession(source), { scalingFactor: 0.18215 });
 * const image = tensorToImage(await vaeDecoder.decode(latents));
 */
export function createVaeDecoder(session: Session, settings?: VaeSettings): VaeDecoder {
  const scalingFactor = resolveScalingFactor('createVaeDecoder', settings);
  checkSessionIO(ROLE, session, { inputs: ['latent_sample'], outputs: ['sample'] });
  const latent = floatInputRunner(ROLE, session, 'latent_sample');
  checkDtype(ROLE, tensorInfo(session.outputs, 'sample'), ['float32', 'float16']);
  const channels = typeof latent.info.shape[1] === 'number' ? latent.info.shape[1] : 4;

  return {
    scalingFactor,
    async decode(latents: Float32Tensor, options?: CallOptions) {
      checkLatentBatch('VaeDecoder.decode', 'latents', latents, channels);
      const unscaled = scale(latents, 1 / scalingFactor);
      const out = await latent.run(unscaled, options);
      return clampTensor(fromModelFloat(ROLE, 'sample', out.sample), -1, 1);
    },
  };
}
