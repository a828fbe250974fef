import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Latent scaling factor of the Stable Diffusion 1.x/2.x VAE (diffusers `AutoencoderKL` default). */
export const DEFAULT_VAE_SCALING_FACTOR = 0.18215;

/** Construction settings of the VAE roles ({@link createVaeEncoder}, {@link createVaeDecoder}). */
export interface VaeSettings {
  /**
   * Factor between VAE latents and UNet-scale latents (`scaling_factor` in the VAE's `config.json`).
   * Unitless; default 0.18215.
   */
  readonly scalingFactor?: number;
}

/** Validates a scaling factor (finite and positive) and applies the default. */
export function resolveScalingFactor(fn: string, settings: VaeSettings | undefined): number {
  const value = settings?.scalingFactor ?? DEFAULT_VAE_SCALING_FACTOR;
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(fn, 'settings.scalingFactor', 'a finite positive number', value);
  }
  return value;
}
