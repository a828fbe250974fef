import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** The two files of a CLIP BPE tokenizer as plain data: token → id, and the ranked merge rules. */
export interface ClipVocabulary {
  /** Token string → id (49,408 entries for CLIP; `<|startoftext|>` 49406, `<|endoftext|>` 49407). */
  readonly vocab: Readonly<Record<string, number>>;
  /** Merge rules `'left right'` in priority order, without the `#version` header. */
  readonly merges: readonly string[];
}

/**
 * The 256 characters of CLIP's byte-level alphabet in vocab order, as `bytes_to_unicode().values()` in
 * CLIP's `simple_tokenizer.py`: the printable Latin-1 bytes as themselves (in byte order), then the
 * other bytes as U+0100 onwards (in byte order). That is every character in code-point order.
 */
function byteAlphabet(): string[] {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const chars: string[] = [];
  for (let b = 0; b < 256; b++) if (printable(b)) chars.push(String.fromCodePoint(b));
  for (let b = 0, extra = 0; b < 256; b++) if (!printable(b)) chars.push(String.fromCodePoint(256 + extra++));
  return chars;
}

/** Number of merges CLIP uses from `bpe_simple_vocab_16e6.txt`: lines [1, 49152 - 256 - 2 + 1). */
const CLIP_MERGE_COUNT = 49152 - 256 - 2;

/**
 * Builds CLIP's vocabulary and merges from the text of OpenAI's `bpe_simple_vocab_16e6.txt` (already
 * decompressed by the caller: this package has no zlib). It takes merge lines [1, 48895) and builds
 * the vocab as in CLIP's `SimpleTokenizer`: the 256 byte characters, the same with `</w>`, each merge
 * joined, then `<|startoftext|>` and `<|endoftext|>`. The result equals Stable Diffusion's
 * `tokenizer/vocab.json` + `merges.txt`.
 * @see https://github.com/openai/CLIP/blob/main/clip/simple_tokenizer.py
 * @example
 * const { vocab, merges } = clipVocabularyFromBpeMerges(bpeText);
 */
export function clipVocabularyFromBpeMerges(bpeText: string): ClipVocabulary {
  if (typeof bpeText !== 'string') {
    throw new InvalidArgumentError('clipVocabularyFromBpeMerges', 'bpeText', 'a string', bpeText);
  }
  const lines = bpeText.split('\n');
  if (lines.length < CLIP_MERGE_COUNT + 1) {
    throw new InvalidArgumentError(
      'clipVocabularyFromBpeMerges',
      'bpeText',
      `the text of bpe_simple_vocab_16e6.txt (at least ${CLIP_MERGE_COUNT + 1} lines)`,
      `${lines.length} lines`,
    );
  }
  const merges = lines.slice(1, CLIP_MERGE_COUNT + 1).map((line) => line.replace(/\r$/, ''));
  const bytes = byteAlphabet();
  const tokens = [...bytes, ...bytes.map((c) => `${c}</w>`), ...merges.map((m) => m.replace(' ', ''))];
  tokens.push('<|startoftext|>', '<|endoftext|>');
  const vocab: Record<string, number> = {};
  tokens.forEach((t, i) => {
    vocab[t] = i;
  });
  return { vocab, merges };
}
