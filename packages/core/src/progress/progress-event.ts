import type { Float32Tensor } from '../tensor/tensor.js';

/**
 * Everything a pipeline reports while it runs, as one discriminated union on `type`.
 * Totals are known before the first model call, so a progress bar never jumps backwards.
 */
export type ProgressEvent =
  | {
      /** A pipeline phase (inversion, cycles, final, decode, ...) starts. */
      readonly type: 'phase-start';
      /** Phase name. */
      readonly phase: string;
    }
  | {
      /** A pipeline phase ends. */
      readonly type: 'phase-end';
      /** Phase name. */
      readonly phase: string;
      /** Wall time of the phase in milliseconds. */
      readonly ms: number;
    }
  | {
      /** One model call (UNet, VAE, text encoder) finished. */
      readonly type: 'step';
      /** Phase the call belongs to. */
      readonly phase: string;
      /** Model calls completed so far in the whole run. */
      readonly completed: number;
      /** Model calls the whole run makes. */
      readonly total: number;
      /** Diffusion timestep label of the call, when it is a UNet call. */
      readonly timestep?: number;
    }
  | {
      /** An intermediate latent, for previews; emitted only when the caller asks for previews. */
      readonly type: 'preview';
      /** Phase the latent belongs to. */
      readonly phase: string;
      /** Diffusion timestep label (noise level) of the latent. */
      readonly timestep: number;
      /** The latent at UNet scale `[1, 4, h, w]`; a copy the receiver may keep. */
      readonly latents: Float32Tensor;
    }
  | {
      /** Bytes of a model file loaded so far. */
      readonly type: 'download';
      /** File being loaded. */
      readonly location: string;
      /** Bytes loaded. */
      readonly loaded: number;
      /** Total bytes, when known. */
      readonly total?: number;
      /**
       * Bytes of the whole download this file belongs to (all files of a Hub snapshot), when the loader
       * knows the set up front; absent for single-file loads.
       */
      readonly overall?: {
        /** Bytes loaded across all files so far (files already cached count as loaded). */
        readonly loaded: number;
        /** Bytes of all files together. */
        readonly total: number;
      };
    };

/** Receives {@link ProgressEvent}s; must not throw. */
export type ProgressCallback = (event: ProgressEvent) => void;
