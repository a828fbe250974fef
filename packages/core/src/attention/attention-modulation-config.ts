/**
 * How the enhancement gate reacts to the indicator I (the share of the guiding box's attention to the
 * condition that sits in the box's nearest fifth).
 * - `'soft'`: gamma = clamp((I - tau) / (1 - tau), 0, 1) [recon].
 * - `'binary'`: gamma = 1 when I > tau, else 0 [recon, the simpler reading].
 * - `'off'`: gamma = 1 always; the paper's "no indicator" ablation.
 */
export type AttentionGate = 'soft' | 'binary' | 'off';

/**
 * Which batch items (guidance branches) of a cycle UNet call are modulated.
 * - `'all'`: every branch, because the modulation steers spatial information flow, not text [recon].
 * - `'text'`: only the branch conditioned on the user's prompt, DenseDiffusion's choice (amplified by CFG).
 */
export type AttentionBranches = 'all' | 'text';

/**
 * Which tokens the indicator looks at.
 * - `'box'`: every token of the guiding box, as the paper words it (N = points in the box) [paper].
 * - `'related'`: guiding-box tokens outside the condition only (r_i = b_i (1 - c_i)) [recon].
 */
export type IndicatorTokens = 'box' | 'related';

/**
 * Every constant of SOW's dynamic attention modulation (DAM), with documented defaults. The paper states
 * the structure (suppress condition→outside, enhance related→condition, value-range preserving moves toward
 * the row min/max, a decay over the cycle count and over the distance to the condition centre, an indicator
 * over the nearest fifth of the guiding box with a threshold); its equations and values were lost, so every
 * number here is a placeholder from the reconstruction and marked [recon]. The update applied to the
 * pre-softmax scores S of every self-attention layer, per head, with m_i / n_i the row max / min of the
 * unmodulated S, is
 *
 * S'_ij = S_ij − lambdaSup·f_sup(k, d_i)·c_i·(1 − c_j)·(S_ij − n_i) + lambdaEnh·gamma·f_enh(k, d_i)·r_i·c_j·(m_i − S_ij)
 *
 * with f_X(k, d) = exp(−alphaX·k)·exp(−betaX·d), k the cycle index, d the min-max normalised distance to
 * the condition centre, c the condition keep-mask and r the guiding box outside the condition.
 * @see ../shared/spec/algorithm.md sections 5.3 (paper) and 5.4 (reconstruction)
 */
export interface AttentionModulationConfig {
  /** Suppression weight (unitless, 0..1; 0 = the "no suppress" ablation). Default 0.3 [recon]. */
  readonly lambdaSup: number;
  /** Enhancement weight (unitless, 0..1; 0 = the "no enhance" ablation). Default 0.5 [recon]. */
  readonly lambdaEnh: number;
  /** Temporal decay rate of suppression, per cycle (0 = no temporal decay). Default 0.15 [recon]. */
  readonly alphaSup: number;
  /** Temporal decay rate of enhancement, per cycle (0 = no temporal decay). Default 0.15 [recon]. */
  readonly alphaEnh: number;
  /**
   * Spatial decay rate of suppression over the normalised distance of condition queries to the centre
   * (0 = none, the reconstruction's choice). Default 0 [recon].
   */
  readonly betaSup: number;
  /**
   * Spatial decay rate of enhancement over the normalised distance of related queries to the centre
   * (0 = the "no spatial decay" ablation). Default 2 [recon].
   */
  readonly betaEnh: number;
  /** Indicator threshold (unitless, 0 ≤ tau < 1; a uniform spread gives I ≈ 0.2). Default 0.35 [recon]. */
  readonly tau: number;
  /** Gate shape, see {@link AttentionGate}. Default `'soft'` [recon]. */
  readonly gate: AttentionGate;
  /** Tokens the indicator averages over, see {@link IndicatorTokens}. Default `'box'` [paper wording]. */
  readonly indicatorTokens: IndicatorTokens;
  /**
   * Multiply both terms by DenseDiffusion's size term (1 − |C|/N), |C| the condition's token count at the
   * layer's resolution and N all tokens. Default `false` [recon, optional in the reconstruction].
   */
  readonly sizeTerm: boolean;
  /** Which guidance branches are modulated, see {@link AttentionBranches}. Default `'all'` [recon]. */
  readonly branches: AttentionBranches;
  /** Added to (m_i − n_i) in the indicator's per-row min-max normalisation (score units). Default 1e-6 [recon]. */
  readonly normEpsilon: number;
}

/** Partial {@link AttentionModulationConfig}; fields left out keep their defaults. */
export type AttentionModulationConfigOverrides = {
  readonly [K in keyof AttentionModulationConfig]?: AttentionModulationConfig[K];
};

/**
 * The reconstruction's placeholder values (spec section 5.4 table); tune them on a validation split as the
 * authors did.
 * @see ../shared/spec/algorithm.md section 5.4
 */
export const DEFAULT_ATTENTION_MODULATION_CONFIG: AttentionModulationConfig = Object.freeze({
  lambdaSup: 0.3,
  lambdaEnh: 0.5,
  alphaSup: 0.15,
  alphaEnh: 0.15,
  betaSup: 0,
  betaEnh: 2,
  tau: 0.35,
  gate: 'soft',
  indicatorTokens: 'box',
  sizeTerm: false,
  branches: 'all',
  normEpsilon: 1e-6,
});
