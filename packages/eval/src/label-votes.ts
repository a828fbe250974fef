/** The paper's two pairwise criteria. */
export type PairCriterion = 'condition-consistency' | 'general-fidelity';

/** The votes the labelling page saves (`labels.json` in the output folder). */
export interface LabelVotes {
  /** One-at-a-time judgements: does the image show a truncated outline (the paper's failure)? */
  readonly truncation: readonly { readonly id: string; readonly truncated: boolean; readonly at: string }[];
  /** Two-alternative choices between two images of the same condition, prompt and seed. */
  readonly pairs: readonly {
    readonly criterion: PairCriterion;
    readonly a: string;
    readonly b: string;
    /** The id of the chosen image, `a` or `b`. */
    readonly winner: string;
    readonly at: string;
  }[];
}
