/**
 * An encoded image as an MLLM receives it: the file bytes (PNG, JPEG, WebP, ...) and their MIME type.
 * Core has no image codec; the caller encodes (or reads a file) and passes the bytes.
 */
export interface MllmImage {
  /** MIME type of `data`, such as `image/png` or `image/jpeg`. */
  readonly mimeType: string;
  /** The encoded file bytes. */
  readonly data: Uint8Array;
}

/** One piece of a multimodal request: a text or an encoded image, in the order the model should read them. */
export type MllmPart =
  | {
      /** A text part. */
      readonly type: 'text';
      /** The text. */
      readonly text: string;
    }
  | {
      /** An image part. */
      readonly type: 'image';
      /** The encoded image. */
      readonly image: MllmImage;
    };

/** A JSON Schema object (the draft-2020 subset that Gemini and OpenAI structured output accept). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One request to a multimodal LLM: parts in, text out; everything else is optional. */
export interface MllmRequest {
  /** The user turn: text and image parts, in order. */
  readonly parts: readonly MllmPart[];
  /** Schema the reply must follow; adapters turn it into the provider's structured-output setting. */
  readonly jsonSchema?: {
    /** Short identifier of the schema (`[a-zA-Z0-9_-]`, at most 64 characters), for providers that want one. */
    readonly name: string;
    /** The schema itself. */
    readonly schema: JsonSchema;
  };
  /** Sampling temperature; provider default when absent. */
  readonly temperature?: number;
  /** Sampling seed, for providers that support one. */
  readonly seed?: number;
  /** Upper bound on generated tokens. */
  readonly maxTokens?: number;
  /** Cancels the request; the call then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

/** What a multimodal LLM returned for one {@link MllmRequest}. */
export interface MllmResponse {
  /** The generated text (JSON text when the request carried a schema). */
  readonly text: string;
}

/**
 * Transport interface to a multimodal LLM: the only thing an adapter package implements. Core owns the
 * prompts, schemas and validation, so swapping providers never changes what the method asks.
 * Implementations reject with `MllmProviderError` (HTTP, network, timeout), `MllmResponseError` (a reply
 * with no usable text, such as a safety block) or the signal's reason when aborted.
 * @example
 * ```ts
 * const mllm: MllmModel = createGeminiMllm();
 * const { text } = await mllm.generate({ parts: [{ type: 'text', text: 'Say hi.' }] });
 * ```
 */
export interface MllmModel {
  /** Provider name used in errors and provenance, such as `gemini` or `openai-compatible`. */
  readonly provider: string;
  /** Model identifier sent to the provider. */
  readonly modelId: string;
  /** Sends one request and resolves with the reply text. */
  generate(request: MllmRequest): Promise<MllmResponse>;
}
