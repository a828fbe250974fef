const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Encodes bytes as standard base64 (RFC 4648, with padding) in plain JavaScript, for inline image data
 * in provider requests; works the same in Node and browsers.
 * @example
 * ```ts
 * encodeBase64(new TextEncoder().encode('sow')); // 'c293'
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    chunk +=
      ALPHABET[(n >> 18) & 63]! +
      ALPHABET[(n >> 12) & 63]! +
      (b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!) +
      (c === undefined ? '=' : ALPHABET[n & 63]!);
    if (chunk.length >= 8192) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  chunks.push(chunk);
  return chunks.join('');
}
