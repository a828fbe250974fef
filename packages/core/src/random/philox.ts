/** Philox multiplier for lanes 0/1 (Salmon et al. 2011, Random123). */
const M0 = 0xd2511f53;
/** Philox multiplier for lanes 2/3. */
const M1 = 0xcd9e8d57;
/** Weyl key increments (golden ratio and sqrt(3) - 1). */
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 values, with 16-bit limbs (exact in doubles). */
function mulHi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lh = aLo * bHi;
  const hl = aHi * bLo;
  const mid = ((aLo * bLo) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aHi * bHi + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 0x10000)) >>> 0;
}

/**
 * Philox-4x32-10: the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3" (SC 2011), with 10 rounds as in Random123, cuRAND and PyTorch.
 * It maps a 128-bit counter and a 64-bit key to 128 random bits using only 32-bit integer
 * arithmetic, so it gives the same bits in every JavaScript engine.
 * @param counter - Four uint32 counter words.
 * @param key - Two uint32 key words.
 * @param out - Receives the four output words.
 */
export function philox4x32x10(
  counter: ArrayLike<number>,
  key: ArrayLike<number>,
  out: Uint32Array,
): Uint32Array {
  let c0 = counter[0] ?? 0;
  let c1 = counter[1] ?? 0;
  let c2 = counter[2] ?? 0;
  let c3 = counter[3] ?? 0;
  let k0 = key[0] ?? 0;
  let k1 = key[1] ?? 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulHi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulHi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}
