/**
 * Splits the text of a Hugging Face `merges.txt` into merge rules, dropping the `#version` header and
 * blank lines; feed the result to {@link createClipTokenizer}.
 * @example
 * const merges = parseMerges(await readFile('tokenizer/merges.txt', 'utf8'));
 */
export function parseMerges(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  return lines.filter((line, i) => line !== '' && !(i === 0 && line.startsWith('#version')));
}
