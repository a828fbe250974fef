import type { ExperimentMethod } from './experiment-spec.js';

/**
 * The name of a method in reports and file names: `txt2img`, `cow:reference`, `sow:AP+DAM+PI` (the
 * switches that are on, `sow:none` for none, then `/label` for a modulation variant), `random-position`.
 * @example
 * methodLabel({ kind: 'sow', switches: { adaptivePosition: true, attentionModulation: false, promptIntensification: true } }); // 'sow:AP+PI'
 */
export function methodLabel(method: ExperimentMethod): string {
  switch (method.kind) {
    case 'txt2img':
      return 'txt2img';
    case 'cow':
      return `cow:${method.preset}`;
    case 'random-position':
      return method.preset === undefined ? 'random-position' : `random-position:${method.preset}`;
    case 'sow': {
      const { adaptivePosition, attentionModulation, promptIntensification } = method.switches;
      const on = [
        adaptivePosition && 'AP',
        attentionModulation && 'DAM',
        promptIntensification && 'PI',
      ].filter(Boolean);
      const preset = method.preset === undefined ? '' : `@${method.preset}`;
      return `sow:${on.length === 0 ? 'none' : on.join('+')}${preset}${method.label === undefined ? '' : `/${method.label}`}`;
    }
  }
}
