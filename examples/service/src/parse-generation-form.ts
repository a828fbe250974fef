import { InvalidArgumentError } from '@sow/core';
import type { GenerationRequest, ImageInput } from '@sow/queue';

/** Form fields that carry JSON. */
const JSON_FIELDS = ['box', 'config', 'switches', 'attention'];
/** Form fields that carry text. */
const TEXT_FIELDS = ['method', 'prompt', 'noise', 'negativePrompt', 'preset', 'planner'];
const FN = 'POST /v1/generations';

/**
 * Builds a generation request from a multipart form's text fields and files: `method`, `prompt`,
 * `noise`, `negativePrompt`, `preset`, `planner` as text; `seed` as an integer (or any other text as a string
 * seed); `box`, `config`, `switches`, `attention` as JSON; files `image` and `mask` (as stored inputs). The queue validates
 * the result; this only translates the form.
 * @throws InvalidArgumentError for an unknown field, a JSON field that does not parse, or an unknown file.
 * @example
 * const request = parseGenerationForm({ method: 'txt2img', prompt: 'a cat', seed: '7' }, {});
 */
export function parseGenerationForm(
  fields: Readonly<Record<string, string>>,
  files: Readonly<Record<string, ImageInput>>,
): GenerationRequest {
  const request: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (TEXT_FIELDS.includes(name)) {
      request[name] = value;
    } else if (name === 'seed') {
      request.seed = /^\d{1,15}$/.test(value) ? Number(value) : value;
    } else if (JSON_FIELDS.includes(name)) {
      try {
        request[name] = JSON.parse(value);
      } catch {
        throw new InvalidArgumentError(FN, name, 'JSON', value);
      }
    } else {
      throw new InvalidArgumentError(
        FN,
        name,
        `one of the fields seed, ${[...TEXT_FIELDS, ...JSON_FIELDS].join(', ')}`,
        name,
      );
    }
  }
  for (const [name, input] of Object.entries(files)) {
    if (name !== 'image' && name !== 'mask') {
      throw new InvalidArgumentError(FN, name, 'a file field named image or mask', name);
    }
    request[name] = input;
  }
  return request as unknown as GenerationRequest;
}
