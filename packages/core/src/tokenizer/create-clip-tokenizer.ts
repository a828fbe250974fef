import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { TokenizedText, Tokenizer } from '../models/roles.js';
import { clipTokenizerJson } from './clip-tokenizer-json.js';

const FN = 'createClipTokenizer';

/** Construction settings of {@link createClipTokenizer}. */
export interface ClipTokenizerSettings {
  /** Token → id, as in a diffusers folder's `tokenizer/vocab.json`; must hold `<|startoftext|>` and `<|endoftext|>`. */
  readonly vocab: Readonly<Record<string, number>>;
  /** Merge rules `'left right'` in priority order, without the `#version` header (see {@link parseMerges}). */
  readonly merges: readonly string[];
  /**
   * Id written after the end token up to `maxLength`: 0 (`"!"`) for SD 2.x, 49407 (`<|endoftext|>`) for
   * SD 1.x. Read it from the folder with {@link padTokenIdFromConfig}.
   */
  readonly padTokenId: number;
  /** Context length in tokens, start and end token included; default 77 (CLIP). */
  readonly maxLength?: number;
}

/** A CLIP tokenizer: the {@link Tokenizer} role plus its special ids and unpadded text ids. */
export interface ClipTokenizer extends Tokenizer {
  /** Id of `<|startoftext|>` (49406 for CLIP). */
  readonly startTokenId: number;
  /** Id of `<|endoftext|>` (49407 for CLIP). */
  readonly endTokenId: number;
  /** Id used for padding. */
  readonly padTokenId: number;
  /**
   * BPE ids of `text` alone: no start, end or padding, no truncation. Use it to find where a phrase's
   * tokens sit inside a prompt (position `k` of these ids is position `k + 1` of {@link Tokenizer.encode}).
   */
  textIds(text: string): number[];
}

/**
 * Creates a CLIP tokenizer with Hugging Face `CLIPTokenizer` semantics from a vocab and merges: Unicode
 * NFC, whitespace collapse and lower-casing (no ftfy), the CLIP pre-tokenisation pattern (contractions,
 * letter runs, single digits, punctuation runs), byte-level BPE with `</w>`, then
 * `[<|startoftext|>, ...text, <|endoftext|>]` truncated to `maxLength` (the end token is kept, and
 * `truncated` is set) and padded with `padTokenId`. `<|startoftext|>`/`<|endoftext|>` written in the
 * text are read as those special tokens, as Hugging Face does. The BPE engine is
 * `@huggingface/tokenizers`, fed the `tokenizer.json` this function builds in memory.
 * @see ../shared/spec/onnx-models.md section 5.1
 * @example
 * const tokenizer = createClipTokenizer({ vocab, merges: parseMerges(mergesTxt), padTokenId: 0 });
 * tokenizer.encode('a photo of a cat').ids.slice(0, 7); // [49406, 320, 1125, 539, 320, 2368, 49407]
 */
export function createClipTokenizer(settings: ClipTokenizerSettings): ClipTokenizer {
  const { vocab, merges, padTokenId } = settings ?? ({} as ClipTokenizerSettings);
  const maxLength = settings?.maxLength ?? 77;
  if (vocab === null || typeof vocab !== 'object' || Array.isArray(vocab)) {
    throw new InvalidArgumentError(FN, 'settings.vocab', 'an object mapping tokens to ids', vocab);
  }
  let size = 0;
  for (const [token, id] of Object.entries(vocab)) {
    if (!Number.isInteger(id) || id < 0) {
      throw new InvalidArgumentError(
        FN,
        `settings.vocab[${JSON.stringify(token)}]`,
        'a non-negative integer id',
        id,
      );
    }
    size = Math.max(size, id + 1);
  }
  const startTokenId = vocab['<|startoftext|>'];
  const endTokenId = vocab['<|endoftext|>'];
  if (startTokenId === undefined || endTokenId === undefined) {
    throw new InvalidArgumentError(
      FN,
      'settings.vocab',
      'a CLIP vocab with <|startoftext|> and <|endoftext|>',
      '',
    );
  }
  if (!Array.isArray(merges)) {
    throw new InvalidArgumentError(FN, 'settings.merges', "an array of 'left right' strings", merges);
  }
  merges.forEach((m, i) => {
    if (typeof m !== 'string' || !/^[^ ]+ [^ ]+$/.test(m)) {
      throw new InvalidArgumentError(FN, `settings.merges[${i}]`, "a 'left right' merge rule", m);
    }
  });
  if (!Number.isInteger(padTokenId) || padTokenId < 0 || padTokenId >= size) {
    throw new InvalidArgumentError(
      FN,
      'settings.padTokenId',
      `an integer id in [0, ${size - 1}]`,
      padTokenId,
    );
  }
  if (!Number.isInteger(maxLength) || maxLength < 2) {
    throw new InvalidArgumentError(FN, 'settings.maxLength', 'an integer >= 2', maxLength);
  }
  const engine = new HfTokenizer(clipTokenizerJson(vocab, merges, startTokenId, endTokenId), {});
  const textIds = (text: string): number[] => {
    if (typeof text !== 'string')
      throw new InvalidArgumentError('ClipTokenizer.encode', 'text', 'a string', text);
    return engine.encode(text, { add_special_tokens: false }).ids;
  };
  return {
    maxLength,
    startTokenId,
    endTokenId,
    padTokenId,
    textIds,
    encode(text: string): TokenizedText {
      const body = textIds(text);
      const room = maxLength - 2;
      const truncated = body.length > room;
      const ids = [startTokenId, ...(truncated ? body.slice(0, room) : body), endTokenId];
      while (ids.length < maxLength) ids.push(padTokenId);
      return { ids, truncated };
    },
  };
}
