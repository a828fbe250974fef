import { COW_REFERENCE_CONFIG, type CowConfig } from './cow-config.js';

/**
 * Named COW settings.
 * - `reference`: the released code under diffusers 0.17.1 (spec 3.6), Pillow preprocessing included.
 * - `consistent`: the same knobs with exact noise levels (spec 3.7).
 * - `normal`, `attribute-editing`, `style-transfer`: the paper's per-task presets (spec 3.8). They keep
 *   the `reference` bookkeeping, because the paper's numbers come from the released code; override
 *   `bookkeeping` to `'consistent'` to combine them with exact levels.
 */
export type CowPresetName = 'reference' | 'consistent' | 'normal' | 'attribute-editing' | 'style-transfer';

/** A preset other than `reference`: its fields over `reference`, with bilinear preprocessing. */
function preset(overrides: Partial<CowConfig>): CowConfig {
  return Object.freeze({ ...COW_REFERENCE_CONFIG, preprocessing: 'bilinear', ...overrides });
}

/**
 * Every preset's full config, frozen. `attribute-editing` equals `reference` (the released code is that
 * task's setting) except for preprocessing; the task presets differ only in preserve steps and final
 * eta. Only `reference` preprocesses with Pillow's filters (`preprocessing: 'pillow'`); the others
 * resize bilinearly and threshold the mask (`'bilinear'`).
 * @see spec section 3.6-3.8
 */
export const COW_PRESETS: Readonly<Record<CowPresetName, CowConfig>> = Object.freeze({
  reference: COW_REFERENCE_CONFIG,
  consistent: preset({ bookkeeping: 'consistent' }),
  normal: preset({ preserveSteps: Object.freeze([4, 3]), finalEta: 0 }),
  'attribute-editing': preset({ preserveSteps: Object.freeze([4]), finalEta: 0.1 }),
  'style-transfer': preset({ preserveSteps: Object.freeze([4]), finalEta: 1 }),
});
