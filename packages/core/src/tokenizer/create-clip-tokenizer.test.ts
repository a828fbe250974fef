import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { clipTokenizerFromBpeMerges } from './clip-tokenizer-from-bpe-merges.js';
import { clipVocabularyFromBpeMerges } from './clip-vocabulary.js';
import { createClipTokenizer } from './create-clip-tokenizer.js';

const BPE_URL = new URL(
  '../../../../../shared/models/clip-tokenizer/bpe_simple_vocab_16e6.txt.gz',
  import.meta.url,
);
const bpeText = new TextDecoder().decode(gunzipSync(readFileSync(BPE_URL)));
const sd2 = clipTokenizerFromBpeMerges(bpeText, { padTokenId: 0 });
const { vocab } = clipVocabularyFromBpeMerges(bpeText);

/** Unpadded ids: everything up to and including the first end token. */
const head = (ids: readonly number[]) => ids.slice(0, ids.indexOf(49407) + 1);

describe('CLIP tokenizer on the real vocabulary: published vectors', () => {
  // Each entry: [text, ids, source]. Sources are independent implementations' own tests.
  const vectors: [string, number[], string][] = [
    ['a photo of a cat', [49406, 320, 1125, 539, 320, 2368, 49407], 'issue 3; shared/models/README.md'],
    [
      'a photo of a dog',
      [49406, 320, 1125, 539, 320, 1929, 49407],
      'elixir-nx/bumblebee clip_tokenizer_test.exs',
    ],
    ['An astronaut riding a horse', [49406, 550, 18376, 6765, 320, 4558, 49407], 'diffusers.js clip.test.ts'],
    ['how are you doing?', [49406, 829, 631, 592, 1960, 286, 49407], 'tokenizers.js CLIP tests'],
    ['Hello, world!', [49406, 3306, 267, 1002, 256, 49407], 'julien-blanchon/jax-js tokenizers.test.ts'],
    [
      'Special characters: !@#$%^&*()',
      [49406, 1689, 6564, 281, 0, 31, 2, 3, 4, 61, 5, 9, 8475, 49407],
      'jax-js',
    ],
    ['😀 😃 😄', [49406, 7334, 8520, 7624, 49407], 'jax-js'],
    ['你好世界', [49406, 47466, 254, 29290, 121, 19759, 244, 163, 243, 490, 49407], 'jax-js'],
    ['a dog jumping', [49406, 320, 1929, 11476, 49407], 'mlimgsynth CLIP tokenizer test'],
    ['   a   dog\t\tjumping\r\n', [49406, 320, 1929, 11476, 49407], 'mlimgsynth'],
    ['an illustration', [49406, 550, 6052, 49407], 'mlimgsynth'],
    [
      'a sign saying "Here lies Cesar"',
      [49406, 320, 2292, 4455, 257, 763, 3205, 28603, 257, 49407],
      'mlimgsynth',
    ],
    ["A'veA'llA's", [49406, 320, 1200, 320, 1342, 320, 568, 49407], 'mlimgsynth'],
    ['coraz\u00f3n', [49406, 851, 854, 13926, 49407], 'mlimgsynth'],
    ['cat---dog-\u2014-rabbit', [49406, 2368, 11079, 1929, 12, 6718, 268, 10274, 49407], 'mlimgsynth'],
    ['', [49406, 49407], 'jax-js'],
    ['    \t\n', [49406, 49407], 'jax-js'],
  ];
  for (const [text, ids, source] of vectors) {
    it(`${JSON.stringify(text)} (${source})`, () => {
      expect(head(sd2.encode(text).ids)).toEqual(ids);
    });
  }

  it('matches the transformers CLIPTokenizer integration string (accents, CJK, Thai, digits, spacing)', () => {
    // huggingface/transformers tests/models/clip/test_tokenization_clip.py, openai/clip-vit-base-patch32
    const input =
      'This is a test\nI was born in 92000, and this is falsé.\n生活的真谛是\nHi  Hello\nHi   Hello\n\n \n  \n Hello\n' +
      '<s>\nhi<s>there\nThe following string should be properly encoded: Hello.\nBut ird and ปี   ird   ด\n' +
      'Hey how are you doing';
    const expected = [
      49406, 589, 533, 320, 1628, 328, 739, 2683, 530, 280, 273, 271, 271, 271, 267, 537, 589, 533, 2778, 82,
      4166, 269, 33375, 162, 112, 119, 163, 248, 226, 41570, 164, 108, 249, 42891, 363, 1883, 3306, 1883,
      3306, 3306, 283, 338, 285, 1883, 283, 338, 285, 997, 518, 3473, 9696, 1535, 655, 12560, 524, 33703, 281,
      3306, 269, 767, 2770, 537, 1777, 505, 20278, 2770, 38825, 2189, 829, 631, 592, 1960, 49407,
    ];
    expect(head(sd2.encode(input).ids)).toEqual(expected);
  });

  it('pads the jax-js long sentence with 0 (SD 2.x) to exactly 77 ids', () => {
    const text =
      'A very long sentence that goes on and on and should definitely exceed the normal context length to see how ' +
      'the tokenizer handles truncation when we have way too many tokens';
    const expected = [
      49406, 320, 1070, 1538, 12737, 682, 2635, 525, 537, 525, 537, 1535, 4824, 32521, 518, 5967, 13089,
      10130, 531, 862, 829, 518, 32634, 23895, 22124, 16163, 21367, 827, 649, 720, 923, 1256, 1346, 23562,
      49407,
    ];
    const { ids, truncated } = sd2.encode(text);
    expect(ids).toEqual([...expected, ...new Array(77 - expected.length).fill(0)]);
    expect(truncated).toBe(false);
  });
});

describe('CLIP tokenizer semantics', () => {
  it('splits digits one by one', () => {
    const digit = (d: string) => vocab[`${d}</w>`]!;
    expect(head(sd2.encode('2016').ids)).toEqual([
      49406,
      digit('2'),
      digit('0'),
      digit('1'),
      digit('6'),
      49407,
    ]);
    expect(sd2.textIds('in 2016')).toEqual([vocab['in</w>'], digit('2'), digit('0'), digit('1'), digit('6')]);
  });

  it('collapses whitespace and lower-cases', () => {
    expect(sd2.encode('  A   PHOTO\tof\n a CaT  ')).toEqual(sd2.encode('a photo of a cat'));
  });

  it('truncates to 77 keeping the end token and reports it', () => {
    const cat = [320, 1125, 539, 320, 2368];
    const { ids, truncated } = sd2.encode('a photo of a cat '.repeat(20)); // 100 text tokens
    expect(ids).toHaveLength(77);
    expect(truncated).toBe(true);
    expect(ids[0]).toBe(49406);
    expect(ids[76]).toBe(49407);
    expect(ids.slice(1, 76)).toEqual(Array.from({ length: 75 }, (_, i) => cat[i % 5]));
    expect(sd2.encode('a '.repeat(75)).truncated).toBe(false);
    expect(sd2.encode('a '.repeat(76)).truncated).toBe(true);
  });

  it('pads with the configured id: 0 for SD 2.x, 49407 for SD 1.x', () => {
    const sd1 = clipTokenizerFromBpeMerges(bpeText, { padTokenId: 49407 });
    expect(sd2.encode('').ids).toEqual([49406, 49407, ...new Array(75).fill(0)]);
    expect(sd1.encode('a photo of a cat').ids).toEqual([
      49406,
      320,
      1125,
      539,
      320,
      2368,
      ...new Array(71).fill(49407),
    ]);
    expect(sd1.maxLength).toBe(77);
    expect([sd1.startTokenId, sd1.endTokenId, sd1.padTokenId]).toEqual([49406, 49407, 49407]);
  });

  it('honours a custom maxLength', () => {
    const short = clipTokenizerFromBpeMerges(bpeText, { padTokenId: 0, maxLength: 5 });
    expect(short.encode('a photo of a cat')).toEqual({
      ids: [49406, 320, 1125, 539, 49407],
      truncated: true,
    });
  });
});

describe('clipVocabularyFromBpeMerges', () => {
  it('builds the 49,408-entry CLIP vocab', () => {
    const v = clipVocabularyFromBpeMerges(bpeText);
    expect(Object.keys(v.vocab)).toHaveLength(49408);
    expect(v.merges).toHaveLength(48894);
    expect(v.vocab['<|startoftext|>']).toBe(49406);
    expect(v.vocab['<|endoftext|>']).toBe(49407);
    expect(v.vocab['!']).toBe(0); // SD 2.x pad token "!" is id 0
    expect(v.vocab['a</w>']).toBe(320);
  });

  it('rejects text that is not the CLIP merges file', () => {
    expect(() => clipVocabularyFromBpeMerges('#version: 0.2\ni n\n')).toThrow(InvalidArgumentError);
  });
});

describe('createClipTokenizer', () => {
  // transformers' CLIPTokenizer unit test: toy vocab and merges, "lower newer" -> [10, 2, 16, 9, 3, 2, 16].
  const toyVocab = Object.fromEntries(
    [
      'l',
      'o',
      'w',
      'e',
      'r',
      's',
      't',
      'i',
      'd',
      'n',
      'lo',
      'l</w>',
      'w</w>',
      'r</w>',
      't</w>',
      'low</w>',
      'er</w>',
    ]
      .concat(['lowest</w>', 'newer</w>', 'wider', '<unk>', '<|startoftext|>', '<|endoftext|>'])
      .map((t, i) => [t, i]),
  );
  const toyMerges = ['l o', 'lo w</w>', 'e r</w>'];

  it('applies BPE merges by rank (transformers test_full_tokenizer)', () => {
    const tok = createClipTokenizer({ vocab: toyVocab, merges: toyMerges, padTokenId: 22, maxLength: 10 });
    expect(tok.textIds('lower newer')).toEqual([10, 2, 16, 9, 3, 2, 16]);
    expect(tok.encode('lower newer').ids).toEqual([21, 10, 2, 16, 9, 3, 2, 16, 22, 22]);
  });

  it('names the bad setting', () => {
    expect(() => createClipTokenizer({ vocab: toyVocab, merges: ['l o', 'bad'], padTokenId: 0 })).toThrow(
      'createClipTokenizer: settings.merges[1] must be a \'left right\' merge rule, got "bad".',
    );
    expect(() => createClipTokenizer({ vocab: { a: 0 }, merges: [], padTokenId: 0 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => createClipTokenizer({ vocab: toyVocab, merges: toyMerges, padTokenId: 99 })).toThrow(
      'createClipTokenizer: settings.padTokenId must be an integer id in [0, 22], got 99.',
    );
    expect(() =>
      createClipTokenizer({ vocab: toyVocab, merges: toyMerges, padTokenId: 0, maxLength: 1 }),
    ).toThrow(InvalidArgumentError);
    expect(() => sd2.encode(42 as never)).toThrow(InvalidArgumentError);
  });
});
