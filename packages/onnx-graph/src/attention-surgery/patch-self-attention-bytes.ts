import { DEFAULT_ATTENTION_MODULATION_CONFIG, SowError, UnsupportedModelError } from '@sow/core';
import { decodeModel, encodeModel } from '../codec.js';
import { contentHash } from './content-hash.js';
import type { SelfAttentionLayer } from './find-self-attention.js';
import type { AttentionDiagnosticOutputs, AttentionPatchOptions } from './patch-self-attention.js';
import { patchSelfAttention } from './patch-self-attention.js';

/** Version of the inserted subgraph; part of every cache key, bumped whenever the surgery changes. */
export const ATTENTION_SURGERY_VERSION = 3;

/** A patched `.onnx` file and its cache key. */
export interface PatchedAttentionBytes {
  /** The patched graph file; external weight files are unchanged and still referenced by location. */
  readonly bytes: Uint8Array;
  /** Cache key of this result: {@link attentionPatchKey} of the input bytes and options. */
  readonly key: string;
  /** Every patched self-attention layer, in graph order. */
  readonly layers: readonly SelfAttentionLayer[];
  /** Diagnostic outputs per layer; empty unless asked for. */
  readonly diagnostics: readonly AttentionDiagnosticOutputs[];
}

/**
 * The cache key of patching `bytes` with `options`: a pure function of the graph file's content, the
 * options and {@link ATTENTION_SURGERY_VERSION}, so a caller can store patched graphs (on disk, in
 * IndexedDB) and reuse them without patching again.
 * @example
 * const key = attentionPatchKey(unetBytes); // 'sow-attn-v3-e0.000001-<32 hex digits>'
 */
export function attentionPatchKey(bytes: Uint8Array, options: AttentionPatchOptions = {}): string {
  const eps = options.normEpsilon ?? DEFAULT_ATTENTION_MODULATION_CONFIG.normEpsilon;
  const diag = options.diagnostics === true ? '-diag' : '';
  return `sow-attn-v${ATTENTION_SURGERY_VERSION}-e${eps}${diag}-${contentHash(bytes)}`;
}

/**
 * Patches a UNet graph file for attention modulation (see {@link patchSelfAttention}): decodes only these
 * bytes (an external-data model's small graph file; its weights are never read), patches, re-encodes, and
 * returns the result with its cache key.
 * @throws UnsupportedModelError as {@link patchSelfAttention} does, and for a graph too malformed to patch
 * (nodes or tensors missing fields the surgery reads); InvalidArgumentError for bytes that are not an ONNX
 * model.
 * @example
 * const { bytes, key } = patchSelfAttentionBytes(await folder.readBytes('unet/model.onnx'));
 */
export function patchSelfAttentionBytes(
  bytes: Uint8Array,
  options: AttentionPatchOptions = {},
): PatchedAttentionBytes {
  const model = decodeModel(bytes);
  let patched: ReturnType<typeof patchSelfAttention>;
  try {
    patched = patchSelfAttention(model, options);
  } catch (cause) {
    if (SowError.isInstance(cause)) throw cause;
    throw new UnsupportedModelError('patchSelfAttention', `the graph is malformed: ${String(cause)}.`);
  }
  return {
    bytes: encodeModel(patched.model),
    key: attentionPatchKey(bytes, options),
    layers: patched.layers,
    diagnostics: patched.diagnostics,
  };
}
