import type { Backend, ModelSource, Session } from '../models/backend.js';
import type { CallOptions, VaeDecoder, VaeEncodeOptions, VaeEncoder } from '../models/roles.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import { add } from '../tensor/add.js';
import { clampTensor } from '../tensor/clamp-tensor.js';
import { resizeBilinear } from '../tensor/resize-bilinear.js';
import { scale } from '../tensor/scale.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import { checkImageBatch, checkLatentBatch } from './check-image-batch.js';
import { checkSessionIO } from './check-session-io.js';
import { floatInputRunner } from './float-input-runner.js';
import { fromModelFloat } from './model-float.js';
import { resolveScalingFactor } from './vae-settings.js';

/** The decoder's frequency-band outputs, coarsest first: `[B,3,h,w]`, `[2h,2w]`, `[4h,4w]`, `[8h,8w]`. */
const BANDS = ['output', '101', '92', '77'] as const;

/** Construction settings of {@link createVaeLight}. */
export interface VaeLightSettings {
  /** Backend that loads both models. */
  readonly backend: Backend;
  /** The encoder model (`VAEencoder.onnx`: `input` → `latent`, unscaled). */
  readonly encoder: ModelSource;
  /** The multi-band decoder model (`VAEpreview.onnx`: `latent` → `output`, `101`, `92`, `77`). */
  readonly decoder: ModelSource;
  /** Factor between VAElight's latents and UNet-scale latents. Unitless; default 0.18215 (SD 1.x/2.x). */
  readonly scalingFactor?: number;
  /** Checked before each model is loaded. */
  readonly signal?: AbortSignal;
}

/** The VAElight pair as the library's VAE roles, with the sessions' owner. */
export interface VaeLight {
  /** Images in [-1, 1] to UNet-scale latents. */
  readonly vaeEncoder: VaeEncoder;
  /** UNet-scale latents to images in [-1, 1]. */
  readonly vaeDecoder: VaeDecoder;
  /** Disposes both sessions. */
  dispose(): Promise<void>;
}

function wrapEncoder(session: Session, scalingFactor: number): VaeEncoder {
  const role = 'vaelight_encoder';
  checkSessionIO(role, session, { inputs: ['input'], outputs: ['latent'] });
  const input = floatInputRunner(role, session, 'input');
  return {
    scalingFactor,
    async encode(image: Float32Tensor, options?: VaeEncodeOptions) {
      checkImageBatch('VaeEncoder.encode', 'image', image);
      const out = await input.run(image, options);
      return scale(fromModelFloat(role, 'latent', out.latent), scalingFactor);
    },
  };
}

function wrapDecoder(session: Session, scalingFactor: number): VaeDecoder {
  const role = 'vaelight_decoder';
  checkSessionIO(role, session, { inputs: ['latent'], outputs: [...BANDS] });
  const latent = floatInputRunner(role, session, 'latent');
  return {
    scalingFactor,
    async decode(latents: Float32Tensor, options?: CallOptions) {
      checkLatentBatch('VaeDecoder.decode', 'latents', latents, 4);
      const [, , h = 0, w = 0] = latents.shape;
      const unscaled = scale(latents, 1 / scalingFactor);
      const out = await latent.run(unscaled, options);
      const bands = BANDS.map((band) => resizeBilinear(fromModelFloat(role, band, out[band]), 8 * h, 8 * w));
      return clampTensor(bands.reduce(add), -1, 1);
    },
  };
}

/**
 * Loads the small trained VAElight pair (../shared/models/vaelight) as the library's VAE roles. Its
 * encoder outputs unscaled latents, which the role multiplies by `scalingFactor`; its decoder outputs
 * four frequency bands, which the role upsamples bilinearly to 8h × 8w, sums and clamps to [-1, 1].
 * VAElight is deterministic: `VaeEncodeOptions.noise` is ignored. Low quality by design (about 21 dB PSNR),
 * it is meant for tests and previews.
 * @throws ModelIOError when either model's names differ from VAElight's; ModelLoadError from the backend.
 * @see ../shared/models/README.md (VAElight)
 * @example
 * const { vaeEncoder, vaeDecoder, dispose } = await createVaeLight({
 *   backend,
 *   encoder: { location: '../shared/models/vaelight/VAEencoder.onnx' },
 *   decoder: { location: '../shared/models/vaelight/VAEpreview.onnx' },
 * });
 */
export async function createVaeLight(settings: VaeLightSettings): Promise<VaeLight> {
  const scalingFactor = resolveScalingFactor('createVaeLight', settings);
  const { backend, signal } = settings;
  const sessions: Session[] = [];
  const dispose = async () => {
    await Promise.all(sessions.map((s) => s.dispose()));
  };
  try {
    throwIfAborted(signal);
    sessions.push(await backend.loadSession(settings.encoder, signal ? { signal } : {}));
    const vaeEncoder = wrapEncoder(sessions[0] as Session, scalingFactor);
    throwIfAborted(signal);
    sessions.push(await backend.loadSession(settings.decoder, signal ? { signal } : {}));
    const vaeDecoder = wrapDecoder(sessions[1] as Session, scalingFactor);
    return { vaeEncoder, vaeDecoder, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
