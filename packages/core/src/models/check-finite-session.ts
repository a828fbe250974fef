import { NumericalError } from '../errors/numerical-error.js';
import { countNonFinite } from '../tensor/count-non-finite.js';
import { float16ToFloat32 } from '../tensor/float16.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Session } from './backend.js';

/** The timestep of a UNet feed (its first value), if the feeds have one. */
function timestepOf(feeds: Readonly<Record<string, Tensor>>): number | undefined {
  const t = feeds.timestep;
  if (t === undefined || t.data.length === 0) return undefined;
  const value = t.dtype === 'float16' ? float16ToFloat32(t.data as Uint16Array)[0] : t.data[0];
  return Number(value);
}

/**
 * Wraps a session so that every run checks its float outputs for NaN and ±Infinity and rejects with
 * {@link NumericalError} naming `role`, the output, the count and (for the UNet) the timestep. The check
 * is one pass over the outputs (well under 1% of a UNet call); `loadStableDiffusion` applies it to all
 * four models unless `checkFinite: false`.
 * @example
 * const unet = createUNet(checkFiniteSession('unet', await backend.loadSession(source)));
 */
export function checkFiniteSession(role: string, session: Session): Session {
  return {
    inputs: session.inputs,
    outputs: session.outputs,
    async run(feeds, options) {
      const out = await session.run(feeds, options);
      for (const [output, tensor] of Object.entries(out)) {
        const nonFinite = countNonFinite(tensor);
        if (nonFinite === 0) continue;
        const timestep = timestepOf(feeds);
        throw new NumericalError({
          role,
          output,
          nonFinite,
          total: tensor.data.length,
          ...(timestep === undefined ? {} : { timestep }),
        });
      }
      return out;
    },
    dispose: () => session.dispose(),
  };
}
