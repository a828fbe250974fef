import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** Path of OpenAI CLIP's BPE file in the shared models folder (next to the repository). */
export const CLIP_BPE_PATH = fileURLToPath(
  new URL('../../../../../shared/models/clip-tokenizer/bpe_simple_vocab_16e6.txt.gz', import.meta.url),
);

/** The byte → printable-unicode table of GPT-2/CLIP byte-level BPE (`bytes_to_unicode`), in vocab order. */
function byteUnicodeChars(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n);
      n++;
    }
  }
  return cs.map((code) => String.fromCodePoint(code));
}

/**
 * Builds Hugging Face slow-tokenizer files (`vocab.json`, `merges.txt`) from CLIP's
 * `bpe_simple_vocab_16e6.txt.gz` exactly as `CLIPTokenizer`'s vocabulary is defined: the 256 byte
 * characters, the same with `</w>`, each of the first 48,894 merges joined, then `<|startoftext|>` (49406)
 * and `<|endoftext|>` (49407).
 */
export function clipTokenizerFiles(bpePath = CLIP_BPE_PATH): { vocabJson: string; mergesTxt: string } {
  const lines = gunzipSync(readFileSync(bpePath)).toString('utf8').split('\n');
  const merges = lines.slice(1, 49152 - 256 - 2 + 1);
  const bytes = byteUnicodeChars();
  const tokens = [...bytes, ...bytes.map((b) => `${b}</w>`), ...merges.map((m) => m.split(' ').join(''))];
  tokens.push('<|startoftext|>', '<|endoftext|>');
  const vocab: Record<string, number> = {};
  tokens.forEach((t, i) => {
    vocab[t] = i;
  });
  return { vocabJson: JSON.stringify(vocab), mergesTxt: `#version: 0.2\n${merges.join('\n')}\n` };
}
