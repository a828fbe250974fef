/**
 * A 128-bit non-cryptographic hash of a byte array as 32 hex digits (four multiply-xorshift lanes over
 * little-endian 32-bit words, in the manner of cyrb128). Pure, synchronous and the same in Node and
 * browsers (no `crypto` needed, which insecure browser contexts lack); use it to key caches of derived
 * files, not against adversaries.
 * @example
 * contentHash(new Uint8Array([1, 2, 3])).length; // 32
 */
export function contentHash(bytes: Uint8Array): string {
  const n = bytes.byteLength;
  let h1 = 1779033703 ^ n;
  let h2 = 3144134277 ^ n;
  let h3 = 1013904242 ^ n;
  let h4 = 2773480762 ^ n;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const words = n >>> 2;
  for (let i = 0; i < words; i += 1) {
    const k = view.getUint32(i * 4, true);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  for (let i = words * 4; i < n; i += 1) {
    const k = bytes[i]! + 256 * (i + 1);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}
