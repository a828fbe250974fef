import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** A seed in canonical form: the 64-bit Philox key and the label shown as `NoiseGenerator.seed`. */
export interface SeedKey {
  /** Key words `[low 32 bits, high 32 bits]`. */
  readonly key: readonly [number, number];
  /** Canonical text of the seed. */
  readonly label: string;
}

/**
 * 64-bit FNV-1a over the UTF-16 code units of `text` (each unit hashed as two bytes, low byte first).
 * Used to turn string seeds and stream names into 64-bit values.
 */
export function fnv1a64(text: string): bigint {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h = ((h ^ BigInt(unit & 0xff)) * FNV_PRIME) & MASK64;
    h = ((h ^ BigInt(unit >>> 8)) * FNV_PRIME) & MASK64;
  }
  return h;
}

/** Splits a 64-bit value into `[low, high]` uint32 words. */
export function splitWords(value: bigint): [number, number] {
  return [Number(value & 0xffffffffn), Number((value >> 32n) & 0xffffffffn)];
}

/**
 * Validates a seed and derives its Philox key. Integers in [0, 2^64) are the key itself (so seed 42 is
 * key `[42, 0]`); a string of decimal digits is read as that integer, so `seed` labels round-trip;
 * any other non-empty string is hashed with {@link fnv1a64}.
 */
export function seedKey(fn: string, seed: number | bigint | string): SeedKey {
  let value: bigint;
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new InvalidArgumentError(fn, 'seed', 'a non-negative safe integer, a bigint or a string', seed);
    }
    value = BigInt(seed);
  } else if (typeof seed === 'bigint') {
    if (seed < 0n || seed > MASK64) {
      throw new InvalidArgumentError(fn, 'seed', 'a bigint in [0, 2^64)', seed);
    }
    value = seed;
  } else if (typeof seed === 'string' && seed.length > 0) {
    if (/^(0|[1-9][0-9]*)$/.test(seed) && BigInt(seed) <= MASK64) {
      value = BigInt(seed);
    } else {
      return { key: splitWords(fnv1a64(seed)), label: seed };
    }
  } else {
    throw new InvalidArgumentError(fn, 'seed', 'a non-negative integer or a non-empty string', seed);
  }
  return { key: splitWords(value), label: value.toString() };
}
