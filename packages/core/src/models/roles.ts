import type { Float32Tensor } from '../tensor/tensor.js';

/** Per-call options shared by every model role. */
export interface CallOptions {
  /** Checked before each model call (one model call is the cancellation granularity). */
  readonly signal?: AbortSignal;
}

/** Token ids of one prompt, padded or truncated to the model's context length. */
export interface TokenizedText {
  /** Exactly `maxLength` ids: start token, text, end token, padding. */
  readonly ids: readonly number[];
  /** True when the text was longer than the context and was cut. */
  readonly truncated: boolean;
}

/** Turns prompts into the token ids a text encoder expects (CLIP BPE for Stable Diffusion). */
export interface Tokenizer {
  /** Context length, 77 for CLIP. */
  readonly maxLength: number;
  /** Tokenises, truncates and pads one prompt. */
  encode(text: string): TokenizedText;
}

/** The text encoder role: token ids in, per-token embeddings out. */
export interface TextEncoder {
  /** Embedding width (1024 for SD 2.x, 768 for SD 1.x). */
  readonly hiddenSize: number;
  /** Encodes a batch of id rows into `[B, 77, hiddenSize]` float32. */
  encode(ids: readonly (readonly number[])[], options?: CallOptions): Promise<Float32Tensor>;
}

/** Inputs of one UNet evaluation. */
export interface UNetInput {
  /** Noisy latents `[B, 4, h, w]` at UNet scale. */
  readonly sample: Float32Tensor;
  /** Diffusion timestep label (0..999), shared by the batch. */
  readonly timestep: number;
  /** Text embeddings `[B, 77, D]`. */
  readonly encoderHiddenStates: Float32Tensor;
  /**
   * SOW attention modulation for this call (a `UNetAttention`, typed by `ModulatedUNetInput`); only a UNet
   * from `createModulatedUNet` (a patched graph) accepts it, any other UNet rejects it with
   * `InvalidArgumentError` rather than ignoring it. Typed `unknown` here so that the role does not depend
   * on SOW's modules.
   */
  readonly attention?: unknown;
}

/** The UNet role: predicts the model output (noise, v or sample, per the scheduler) for noisy latents. */
export interface UNet {
  /** Latent channels, 4 for Stable Diffusion. */
  readonly inChannels: number;
  /** Runs one evaluation and returns `[B, 4, h, w]` float32. */
  predict(input: UNetInput, options?: CallOptions): Promise<Float32Tensor>;
}

/** Options of {@link VaeEncoder.encode}. */
export interface VaeEncodeOptions extends CallOptions {
  /**
   * Standard normal noise `[B, 4, h, w]` to sample the posterior as mean + std * noise. Without it the
   * posterior mean is returned (deterministic, what DDIM inversion wants).
   */
  readonly noise?: Float32Tensor;
}

/** The VAE encoder role: images in `[-1, 1]` to latents at UNet scale (multiplied by `scalingFactor`). */
export interface VaeEncoder {
  /** Latent scaling factor (0.18215 for SD 1.x/2.x). */
  readonly scalingFactor: number;
  /** Encodes `[B, 3, H, W]` images into `[B, 4, H/8, W/8]` scaled latents. */
  encode(image: Float32Tensor, options?: VaeEncodeOptions): Promise<Float32Tensor>;
}

/** The VAE decoder role: latents at UNet scale back to images in `[-1, 1]`. */
export interface VaeDecoder {
  /** Latent scaling factor the decoder divides by. */
  readonly scalingFactor: number;
  /** Decodes `[B, 4, h, w]` scaled latents into `[B, 3, 8h, 8w]` images, clamped to `[-1, 1]`. */
  decode(latents: Float32Tensor, options?: CallOptions): Promise<Float32Tensor>;
}
