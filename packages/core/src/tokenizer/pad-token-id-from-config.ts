import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

const FN = 'padTokenIdFromConfig';

/** The token text of a `pad_token` entry: a string, or an AddedToken object `{ content }`. */
function tokenText(value: unknown, argument: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  throw new InvalidArgumentError(FN, argument, 'a token string or { content: string }', value);
}

function asObject(value: unknown, argument: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError(FN, argument, 'a parsed JSON object or undefined', value);
  }
  return value as Record<string, unknown>;
}

/**
 * Reads the padding id of a diffusers `tokenizer/` folder from its parsed `tokenizer_config.json` and
 * `special_tokens_map.json` (either may be `undefined` when the file is missing), resolving the token
 * through `vocab`: `"!"` → 0 for SD 2.x, `"<|endoftext|>"` → 49407 for SD 1.x.
 *
 * It follows Hugging Face `from_pretrained`: when `tokenizer_config.json` has `added_tokens_decoder`
 * (newer saves) its `pad_token` wins; otherwise (legacy saves such as SD 2.x, whose config says
 * `<|endoftext|>` while the special-tokens map says `"!"`) `special_tokens_map.json` overrides it.
 * Without either, `CLIPTokenizer`'s default `<|endoftext|>` is used.
 * @see ../shared/spec/onnx-models.md section 5.1 (padding)
 * @example
 * const padTokenId = padTokenIdFromConfig(tokenizerConfig, specialTokensMap, vocab); // 0 for SD 2.1
 */
export function padTokenIdFromConfig(
  tokenizerConfigJson: unknown,
  specialTokensMapJson: unknown,
  vocab: Readonly<Record<string, number>>,
): number {
  const config = asObject(tokenizerConfigJson, 'tokenizerConfigJson');
  const map = asObject(specialTokensMapJson, 'specialTokensMapJson');
  const fromConfig = tokenText(config?.pad_token, 'tokenizerConfigJson.pad_token');
  const fromMap = tokenText(map?.pad_token, 'specialTokensMapJson.pad_token');
  const configWins = config?.added_tokens_decoder !== undefined;
  const token = (configWins ? (fromConfig ?? fromMap) : (fromMap ?? fromConfig)) ?? '<|endoftext|>';
  const id = vocab?.[token];
  if (!Number.isInteger(id)) {
    throw new InvalidArgumentError(
      FN,
      'vocab',
      `a vocab containing the pad token ${JSON.stringify(token)}`,
      id,
    );
  }
  return id as number;
}
