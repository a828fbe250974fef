import type {
  AttentionModulationConfig,
  CowConfig,
  CowTimings,
  NoiseKind,
  ScenePlan,
  SowSwitches,
  Txt2ImgConfig,
  Txt2ImgTimings,
} from '@sow/core';
import type { GenerationMethod } from './generation-request.js';

/** Fingerprint of an input or output image. */
export interface ImageFingerprint {
  /** SHA-256 of the encoded bytes, hex. */
  readonly sha256: string;
  /** Size of the encoded bytes. */
  readonly bytes: number;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

/** Which worker process ran a job. */
export interface WorkerIdentity {
  /** The worker's name (default `<hostname>:<pid>`). */
  readonly name: string;
  /** Host name of the machine. */
  readonly hostname: string;
  /** Process id. */
  readonly pid: number;
}

/**
 * The JSON record a worker stores with a result image: everything that produced it (method, prompt,
 * seed, resolved config, plan, inputs' fingerprints), where and how long it ran. Written last and
 * atomically, so a reader that finds it also finds the image.
 */
export interface GenerationRecord {
  /** The job id. */
  readonly id: string;
  /** The pipeline that ran. */
  readonly method: GenerationMethod;
  /** The prompt of the request (SOW's intensified prompt is in `plan.prompt`). */
  readonly prompt: string;
  /** The seed the run used. */
  readonly seed: number | string;
  /** The generator the seed drove (`'philox'` or `'torch-cpu'`). */
  readonly noise: NoiseKind;
  /** The resolved config the pipeline returned. */
  readonly config: Txt2ImgConfig | CowConfig;
  /** SOW: the scene plan, with the provenance of each field. */
  readonly plan?: ScenePlan;
  /** SOW: the switches in effect. */
  readonly switches?: SowSwitches;
  /** SOW: the attention-modulation constants, when modulation ran. */
  readonly attention?: AttentionModulationConfig;
  /** Fingerprints of the input images. */
  readonly inputs: { readonly image?: ImageFingerprint; readonly mask?: ImageFingerprint };
  /** The result PNG. */
  readonly image: ImageFingerprint;
  /** Device the models ran on. */
  readonly device: string;
  /** UNet calls made. */
  readonly unetCalls: number;
  /** Non-fatal problems the pipeline reported. */
  readonly warnings: readonly string[];
  /** The worker that produced the result. */
  readonly worker: WorkerIdentity;
  /** Which attempt (1-based) produced it; stalled restarts count as starts, not attempts. */
  readonly attempt: number;
  /** Wall times: the pipeline's own, and the queue's around it, in milliseconds. */
  readonly timings: {
    /** From enqueue to the worker picking the job up (the last time). */
    readonly queuedMs: number;
    /** Decoding inputs, the pipeline, PNG encoding. */
    readonly runMs: number;
    /** The pipeline's per-phase times. */
    readonly pipeline: Txt2ImgTimings | CowTimings;
  };
  /** ISO times of enqueue, start and end of the run that produced the result. */
  readonly at: { readonly enqueued: string; readonly started: string; readonly finished: string };
}
