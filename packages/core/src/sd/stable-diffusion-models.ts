import type { TextEncoder, Tokenizer, UNet, VaeDecoder, VaeEncoder } from '../models/roles.js';
import type { NoiseSchedule } from '../scheduler/noise-schedule.js';

/**
 * A loaded Stable Diffusion pipeline's parts, ready for any sow pipeline (txt2img, COW, SOW): the
 * model roles, the noise schedule from `scheduler/scheduler_config.json`, and the device they run on.
 */
export interface StableDiffusionModels {
  /** CLIP tokenizer with the folder's pad id. */
  readonly tokenizer: Tokenizer;
  /** Text encoder role. */
  readonly textEncoder: TextEncoder;
  /** UNet role. */
  readonly unet: UNet;
  /** VAE encoder role (images to scaled latents). */
  readonly vaeEncoder: VaeEncoder;
  /** VAE decoder role (scaled latents to images). */
  readonly vaeDecoder: VaeDecoder;
  /** Noise schedule built from the folder's scheduler config. */
  readonly schedule: NoiseSchedule;
  /** Device the sessions run on (from the backend), reported in results. */
  readonly device: string;
  /** Disposes every session these models opened. */
  dispose(): Promise<void>;
}
