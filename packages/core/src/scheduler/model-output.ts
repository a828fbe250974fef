import type { NoiseSchedule } from './noise-schedule.js';

/** The clean-sample and noise estimates implied by one model output. */
export interface ModelEstimates {
  /** Predicted clean sample x̂₀ (clipped when the schedule says so). */
  readonly predOriginal: Float32Array;
  /** Predicted noise ε̂. */
  readonly predEpsilon: Float32Array;
}

/**
 * Converts a model output at noise level ᾱ into (x̂₀, ε̂) for the schedule's prediction type, then clips
 * x̂₀ when `clipSample` is set; with `useClipped`, ε̂ is re-derived from the clipped x̂₀ (GLIDE), as
 * diffusers' `use_clipped_model_output`.
 */
export function modelEstimates(
  schedule: NoiseSchedule,
  modelOutput: Float32Array,
  sample: Float32Array,
  alphaProd: number,
  useClipped: boolean,
): ModelEstimates {
  const sa = Math.sqrt(alphaProd);
  const sb = Math.sqrt(1 - alphaProd);
  const n = sample.length;
  const x0 = new Float32Array(n);
  const eps = new Float32Array(n);
  const lim = schedule.clipSample ? schedule.clipSampleRange : Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const m = modelOutput[i] ?? 0;
    const x = sample[i] ?? 0;
    let p: number;
    let e: number;
    if (schedule.predictionType === 'epsilon') {
      p = (x - sb * m) / sa;
      e = m;
    } else if (schedule.predictionType === 'sample') {
      p = m;
      e = (x - sa * m) / sb;
    } else {
      p = sa * x - sb * m;
      e = sa * m + sb * x;
    }
    p = Math.fround(p);
    if (p > lim) p = lim;
    else if (p < -lim) p = -lim;
    x0[i] = p;
    eps[i] = useClipped ? (x - sa * p) / sb : e;
  }
  return { predOriginal: x0, predEpsilon: eps };
}
