import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelLoadError } from '../errors/model-load-error.js';
import { type ClipTokenizer, createClipTokenizer } from '../tokenizer/create-clip-tokenizer.js';
import { padTokenIdFromConfig } from '../tokenizer/pad-token-id-from-config.js';
import { parseMerges } from '../tokenizer/parse-merges.js';
import type { ModelFolder } from './model-folder.js';
import { folderPath, readJson } from './read-json.js';

/** Parsed JSON of an optional file, `undefined` when the folder does not have it. */
async function optionalJson(folder: ModelFolder, path: string): Promise<Record<string, unknown> | undefined> {
  return (await folder.exists(path)) ? readJson(folder, path) : undefined;
}

/**
 * Loads the CLIP tokenizer of a Stable Diffusion folder from `tokenizer/vocab.json` and
 * `tokenizer/merges.txt`, with the pad id from `tokenizer/tokenizer_config.json` and
 * `tokenizer/special_tokens_map.json` (0 for SD 2.x, 49407 for SD 1.x; either file may be absent).
 * @throws ModelLoadError naming the path of a missing or malformed tokenizer file.
 * @see ../shared/spec/onnx-models.md section 5.1
 * @example
 * const tokenizer = await loadClipTokenizer(folder);
 * tokenizer.encode('a photo of a cat').ids.slice(0, 7); // [49406, 320, 1125, 539, 320, 2368, 49407]
 */
export async function loadClipTokenizer(folder: ModelFolder): Promise<ClipTokenizer> {
  const vocab = (await readJson(folder, 'tokenizer/vocab.json')) as Record<string, number>;
  const mergesText = await folder.readText('tokenizer/merges.txt');
  const tokenizerConfig = await optionalJson(folder, 'tokenizer/tokenizer_config.json');
  const specialTokensMap = await optionalJson(folder, 'tokenizer/special_tokens_map.json');
  try {
    const padTokenId = padTokenIdFromConfig(tokenizerConfig, specialTokensMap, vocab);
    return createClipTokenizer({ vocab, merges: parseMerges(mergesText), padTokenId });
  } catch (error) {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    throw new ModelLoadError(folderPath(folder, 'tokenizer'), error.message, { cause: error });
  }
}
