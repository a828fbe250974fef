import type { Float32Tensor } from '@sow/core';

/**
 * Approximate RGB of each Stable Diffusion latent channel (rows: channels 0-3; columns: R, G, B), the
 * linear fit ComfyUI uses for SD 1.x/2.x latent previews. Cheap: no VAE call per step.
 */
const LATENT_RGB = [
  [0.3512, 0.2297, 0.3227],
  [0.325, 0.4974, 0.235],
  [-0.2829, 0.1762, 0.2721],
  [-0.212, -0.2616, -0.7177],
] as const;

/**
 * Turns latents `[1, 4, h, w]` at UNet scale into a small `h × w` RGBA preview with the linear latent-to-RGB
 * approximation (no model call), for showing intermediate steps.
 */
export function latentPreview(latents: Float32Tensor): ImageData {
  const [, channels = 4, h = 0, w = 0] = latents.shape;
  const out = new ImageData(w, h);
  const plane = h * w;
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      let v = 0;
      for (let k = 0; k < Math.min(channels, 4); k++) v += latents.data[k * plane + p]! * LATENT_RGB[k]![c]!;
      out.data[p * 4 + c] = Math.round(Math.min(1, Math.max(0, (v + 1) / 2)) * 255);
    }
    out.data[p * 4 + 3] = 255;
  }
  return out;
}
