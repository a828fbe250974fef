import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { Session } from '../models/backend.js';
import type { VaeEncodeOptions, VaeEncoder } from '../models/roles.js';
import { scale } from '../tensor/scale.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import { checkImageBatch } from './check-image-batch.js';
import { checkDtype, checkSessionIO, tensorInfo } from './check-session-io.js';
import { floatInputRunner } from './float-input-runner.js';
import { fromModelFloat } from './model-float.js';
import { resolveScalingFactor, type VaeSettings } from './vae-settings.js';

const ROLE = 'vae_encoder';

/**
 * Mean (or sample) of a diagonal Gaussian posterior given as mean‖logvar along channels, times `scale`.
 * Log-variance is clamped to [-30, 20] as diffusers' `DiagonalGaussianDistribution` does.
 */
function posterior(params: Float32Tensor, scale: number, noise: Float32Tensor | undefined): Float32Tensor {
  const [b = 0, c2 = 0, h = 0, w = 0] = params.shape;
  const c = c2 / 2;
  const plane = c * h * w;
  const out = createTensor('float32', [b, c, h, w]);
  if (noise !== undefined && noise.shape.join() !== out.shape.join()) {
    throw new ShapeMismatchError(
      'VaeEncoder.encode',
      'options.noise',
      `[${out.shape.join(', ')}]`,
      noise.shape,
    );
  }
  for (let n = 0; n < b; n++) {
    for (let i = 0; i < plane; i++) {
      const mean = params.data[n * 2 * plane + i] ?? 0;
      let z = mean;
      if (noise !== undefined) {
        const logvar = Math.min(20, Math.max(-30, params.data[n * 2 * plane + plane + i] ?? 0));
        z = mean + Math.exp(0.5 * logvar) * (noise.data[n * plane + i] ?? 0);
      }
      out.data[n * plane + i] = z * scale;
    }
  }
  return out;
}

/**
 * Wraps a Stable Diffusion VAE-encoder session as the {@link VaeEncoder} role: images in [-1, 1] to
 * latents at UNet scale. Current Optimum exports output `latent_parameters` (mean‖logvar): the role
 * returns the mean, or mean + exp(logvar/2)·noise when `options.noise` is given. diffusers' script
 * exports output `latent_sample`, already sampled inside the graph (not deterministic); the role then
 * scales it and ignores `options.noise`.
 * @throws ModelIOError when the names differ from `sample` → `latent_parameters` | `latent_sample`.
 * @see ../shared/spec/onnx-models.md sections 1.8 and 2.3
 * @example
 * const vaeEncoder = createVaeEncoder(await backend.loadSession(source), { scalingFactor: 0.18215 });
 * const latents = await vaeEncoder.encode(imageToTensor(photo));
 */
export function createVaeEncoder(session: Session, settings?: VaeSettings): VaeEncoder {
  const scalingFactor = resolveScalingFactor('createVaeEncoder', settings);
  const {
    outputs: [outName = ''],
  } = checkSessionIO(ROLE, session, {
    inputs: ['sample'],
    outputs: [['latent_parameters', 'latent_sample']],
  });
  const sample = floatInputRunner(ROLE, session, 'sample');
  checkDtype(ROLE, tensorInfo(session.outputs, outName), ['float32', 'float16']);

  return {
    scalingFactor,
    async encode(image: Float32Tensor, options?: VaeEncodeOptions) {
      checkImageBatch('VaeEncoder.encode', 'image', image);
      const out = await sample.run(image, options);
      const result = fromModelFloat(ROLE, outName, out[outName]);
      if (outName === 'latent_sample') return scale(result, scalingFactor);
      if (result.shape.length !== 4 || (result.shape[1] ?? 1) % 2 !== 0) {
        throw new ShapeMismatchError('VaeEncoder.encode', 'latent_parameters', '[B, 2C, h, w]', result.shape);
      }
      return posterior(result, scalingFactor, options?.noise);
    },
  };
}
