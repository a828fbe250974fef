import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import type { StableDiffusionModels } from '../sd/stable-diffusion-models.js';
import type { Float32Tensor } from '../tensor/tensor.js';

/** What {@link encodePrompts} returns. */
export interface EncodedPrompts {
  /** Text embeddings `[prompts.length, 77, hiddenSize]`, one row per prompt, in order. */
  readonly embeddings: Float32Tensor;
  /** One message per prompt that was longer than the tokenizer's context and was truncated. */
  readonly warnings: readonly string[];
}

/**
 * Tokenises prompts with the folder's CLIP tokenizer and encodes them in one text-encoder call, the first
 * step of every Stable Diffusion pipeline. Prompts over the context length (77 tokens) are truncated and
 * reported in `warnings` rather than rejected.
 * @param models - Loaded models (tokenizer and text encoder are used).
 * @param prompts - Prompts in batch order, e.g. `[negativePrompt, prompt]` for classifier-free guidance.
 * @param signal - Checked before the text-encoder call.
 * @example
 * const { embeddings, warnings } = await encodePrompts(models, ['', 'a photo of a cat']);
 */
export async function encodePrompts(
  models: StableDiffusionModels,
  prompts: readonly string[],
  signal?: AbortSignal,
): Promise<EncodedPrompts> {
  if (prompts.length === 0) {
    throw new InvalidArgumentError('encodePrompts', 'prompts', 'a non-empty array of strings', prompts);
  }
  const warnings: string[] = [];
  const ids = prompts.map((prompt, i) => {
    if (typeof prompt !== 'string') {
      throw new InvalidArgumentError('encodePrompts', `prompts[${i}]`, 'a string', prompt);
    }
    const tokens = models.tokenizer.encode(prompt);
    if (tokens.truncated) {
      warnings.push(
        `Prompt ${i} (${JSON.stringify(prompt.length > 40 ? `${prompt.slice(0, 37)}...` : prompt)}) is longer than ${models.tokenizer.maxLength} tokens and was truncated.`,
      );
    }
    return tokens.ids;
  });
  throwIfAborted(signal);
  const embeddings = await models.textEncoder.encode(ids, signal ? { signal } : {});
  return { embeddings, warnings };
}
