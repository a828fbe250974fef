import type { GenerationRequest, ImageInput } from './generation-request.js';

/** An image input as JSON: inline bytes in base64, or a store key. */
type WireImage = { readonly base64: string } | { readonly key: string };

/** A validated request as it travels in a BullMQ job (JSON): image bytes in base64, the seed filled in. */
export type GenerationJobData = Record<string, unknown> & {
  readonly method: GenerationRequest['method'];
  readonly seed: number | string;
  readonly image?: WireImage;
  readonly mask?: WireImage;
};

const IMAGE_FIELDS = ['image', 'mask'] as const;

/**
 * Turns a validated request into job data: `{ bytes }` inputs become `{ base64 }` (JSON has no bytes).
 * @example
 * await queue.add('generate', toJobData({ ...request, seed: 7 }), { jobId });
 */
export function toJobData(
  request: GenerationRequest & { readonly seed: number | string },
): GenerationJobData {
  const data: Record<string, unknown> = { ...request };
  for (const field of IMAGE_FIELDS) {
    const input = data[field] as ImageInput | undefined;
    if (input !== undefined && 'bytes' in input) {
      const { bytes } = input;
      data[field] = {
        base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      };
    }
  }
  return data as GenerationJobData;
}

/**
 * The request back from job data: `{ base64 }` inputs become `{ bytes }` again.
 * @example
 * const request = fromJobData(job.data);
 */
export function fromJobData(data: GenerationJobData): GenerationRequest & { readonly seed: number | string } {
  const request: Record<string, unknown> = { ...data };
  for (const field of IMAGE_FIELDS) {
    const input = data[field];
    if (input !== undefined && 'base64' in input) {
      request[field] = { bytes: new Uint8Array(Buffer.from(input.base64, 'base64')) };
    }
  }
  return request as unknown as GenerationRequest & { readonly seed: number | string };
}
