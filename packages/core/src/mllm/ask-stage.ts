import { throwIfAborted } from '../progress/throw-if-aborted.js';
import type { MllmModel, MllmRequest } from './mllm-model.js';
import { MllmProviderError } from './mllm-provider-error.js';
import { MllmResponseError } from './mllm-response-error.js';
import type { StageReply } from './parse-stage-reply.js';

/** What a caller wants when the provider itself fails (HTTP error after retries, network, timeout). */
export type ProviderErrorPolicy = 'throw' | 'fallback';

/**
 * Runs one stage: asks, reads the reply, and asks once more (telling the model what was wrong) when the
 * reply is unusable. A reply with no usable text (`MllmResponseError`, e.g. a safety block) is not
 * retried. Aborts rethrow the signal's reason; provider errors throw unless the policy is `fallback`.
 */
export async function askStage<T>(
  mllm: MllmModel,
  request: MllmRequest,
  read: (text: string) => StageReply<T>,
  onProviderError: ProviderErrorPolicy,
): Promise<StageReply<T>> {
  let error = '';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    throwIfAborted(request.signal);
    const parts =
      attempt === 0
        ? request.parts
        : [
            ...request.parts,
            {
              type: 'text' as const,
              text: `Your previous reply was rejected: ${error}. Answer again with JSON only, exactly in the requested format.`,
            },
          ];
    let text: string;
    try {
      text = (await mllm.generate({ ...request, parts })).text;
    } catch (e) {
      throwIfAborted(request.signal);
      if (MllmResponseError.isInstance(e)) return { ok: false, error: e.message };
      if (MllmProviderError.isInstance(e) && onProviderError === 'fallback')
        return { ok: false, error: e.message };
      throw e;
    }
    const reply = read(text);
    if (reply.ok) return reply;
    error = reply.error;
  }
  return { ok: false, error: `${error} (after one retry)` };
}
