import { clipVocabularyFromBpeMerges } from './clip-vocabulary.js';
import type { ClipTokenizer } from './create-clip-tokenizer.js';
import { createClipTokenizer } from './create-clip-tokenizer.js';

/** Construction settings of {@link clipTokenizerFromBpeMerges}. */
export interface ClipBpeTokenizerSettings {
  /** Padding id: 0 (`"!"`) for SD 2.x, 49407 (`<|endoftext|>`) for SD 1.x. */
  readonly padTokenId: number;
  /** Context length in tokens; default 77. */
  readonly maxLength?: number;
}

/**
 * Creates the CLIP tokenizer from the text of OpenAI's `bpe_simple_vocab_16e6.txt` (decompressed by the
 * caller), for when no diffusers `tokenizer/` folder is at hand; see {@link clipVocabularyFromBpeMerges}
 * for how the vocab is derived and {@link createClipTokenizer} for the semantics.
 * @example
 * const text = new TextDecoder().decode(gunzipped);
 * const tokenizer = clipTokenizerFromBpeMerges(text, { padTokenId: 0 });
 */
export function clipTokenizerFromBpeMerges(
  bpeText: string,
  settings: ClipBpeTokenizerSettings,
): ClipTokenizer {
  const { vocab, merges } = clipVocabularyFromBpeMerges(bpeText);
  return createClipTokenizer({
    vocab,
    merges,
    padTokenId: settings?.padTokenId,
    ...(settings?.maxLength === undefined ? {} : { maxLength: settings.maxLength }),
  });
}
