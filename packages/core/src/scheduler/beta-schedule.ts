/**
 * `torch.linspace(start, end, steps, dtype=float32)` bit for bit: endpoints and step rounded to float32,
 * the first half counted up from `start`, the second half down from `end`, every operation in float32.
 */
export function linspaceFloat32(start: number, end: number, steps: number): Float32Array {
  const f = Math.fround;
  const out = new Float32Array(steps);
  if (steps === 1) {
    out[0] = f(start);
    return out;
  }
  const s = f(start);
  const e = f(end);
  const step = f(f(e - s) / (steps - 1));
  const halfway = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    out[i] = i < halfway ? f(s + f(step * i)) : f(e - f(step * (steps - i - 1)));
  }
  return out;
}

/** diffusers `betas_for_alpha_bar` with the cosine ᾱ of Nichol & Dhariwal (2021), capped at 0.999. */
export function cosineBetas(steps: number): Float32Array {
  const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
  const out = new Float32Array(steps);
  for (let i = 0; i < steps; i++) {
    out[i] = Math.min(1 - alphaBar((i + 1) / steps) / alphaBar(i / steps), 0.999);
  }
  return out;
}

/** diffusers `rescale_zero_terminal_snr` (Lin et al. 2023, Algorithm 1) on float32 betas. */
export function rescaleZeroTerminalSnr(betas: Float32Array): Float32Array {
  const n = betas.length;
  const sqrtBar = new Float64Array(n);
  let prod = 1;
  for (let i = 0; i < n; i++) {
    prod *= 1 - (betas[i] ?? 0);
    sqrtBar[i] = Math.sqrt(Math.fround(prod));
  }
  const first = sqrtBar[0] ?? 1;
  const last = sqrtBar[n - 1] ?? 0;
  const out = new Float32Array(n);
  let prevBar = 1;
  for (let i = 0; i < n; i++) {
    const bar = (((sqrtBar[i] ?? 0) - last) * first) / (first - last);
    out[i] = 1 - (i === 0 ? bar * bar : (bar * bar) / prevBar);
    prevBar = bar * bar;
  }
  return out;
}

/**
 * `torch.cumprod(1 - betas)` in float32 as PyTorch computes it on the CPU: `1 - beta` in float32, the
 * running product accumulated in float64 and rounded to float32 at every element.
 */
export function alphasCumprodFloat32(betas: Float32Array): Float32Array {
  const out = new Float32Array(betas.length);
  let prod = 1;
  for (let i = 0; i < betas.length; i++) {
    prod *= Math.fround(1 - (betas[i] ?? 0));
    out[i] = prod;
  }
  return out;
}
