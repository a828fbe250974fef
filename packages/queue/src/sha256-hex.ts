import { createHash } from 'node:crypto';

/**
 * SHA-256 of bytes as 64 hex digits: the fingerprint of inputs and results in records and store keys.
 * @example
 * sha256Hex(new Uint8Array([1, 2, 3]));
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
