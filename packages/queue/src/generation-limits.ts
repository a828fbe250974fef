/** Bounds a queue puts on a request before it decodes or queues anything from it. */
export interface GenerationLimits {
  /** Most bytes of one encoded input image (PNG/JPEG) carried in a job; default 16 MiB. */
  readonly maxImageBytes: number;
  /** Most pixels (width × height) of one input image, read from its header before decoding; default 16 Mpx. */
  readonly maxImagePixels: number;
  /** Most characters of a prompt; default 4000 (CLIP truncates at 77 tokens anyway). */
  readonly maxPromptLength: number;
}

/** Defaults of {@link GenerationLimits}. */
export const DEFAULT_GENERATION_LIMITS: GenerationLimits = Object.freeze({
  maxImageBytes: 16 * 1024 * 1024,
  maxImagePixels: 4096 * 4096,
  maxPromptLength: 4000,
});
