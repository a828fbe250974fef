/**
 * Softmax over each row of `s` values, in float64: the plain-loop reference tests compare attention
 * probabilities against.
 */
export function softmaxRows(x: Float32Array, s: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < x.length / s; r += 1) {
    const row = x.subarray(r * s, r * s + s);
    const max = Math.max(...row);
    let sum = 0;
    for (let j = 0; j < s; j += 1) sum += Math.exp(row[j]! - max);
    for (let j = 0; j < s; j += 1) out[r * s + j] = Math.exp(row[j]! - max) / sum;
  }
  return out;
}
