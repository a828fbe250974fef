/** CLIP's pre-tokenisation pattern (Hugging Face `CLIPTokenizer`); digits are split one by one. */
const CLIP_PATTERN =
  "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

/**
 * The Hugging Face `tokenizer.json` object of a CLIP tokenizer (as `CLIPTokenizerFast` saves it), built
 * in memory from a vocab and merges: NFC + whitespace collapse + lowercase, the CLIP split pattern
 * with byte-level mapping, and BPE with the `</w>` end-of-word suffix. Special tokens are added by
 * the caller, so it has no post-processor.
 */
export function clipTokenizerJson(
  vocab: Readonly<Record<string, number>>,
  merges: readonly string[],
  startTokenId: number,
  endTokenId: number,
): object {
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(startTokenId, '<|startoftext|>'), special(endTokenId, '<|endoftext|>')],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFC' },
        { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
        { type: 'Lowercase' },
      ],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: CLIP_PATTERN }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: null,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<|endoftext|>',
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
}
