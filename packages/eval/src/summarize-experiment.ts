import { bootstrapInterval } from './bootstrap-interval.js';
import type { ImageMetrics } from './image-metrics.js';
import type { Interval } from './interval.js';
import type { LabelVotes, PairCriterion } from './label-votes.js';
import type { MethodSummary } from './method-summary.js';
import { mean, median } from './summary-stats.js';
import { wilsonInterval } from './wilson-interval.js';

/** Options of {@link summarizeExperiment}. */
export interface SummarizeOptions {
  /** Human votes from the labelling page. */
  readonly votes?: LabelVotes;
  /** Bootstrap seed; default 0. */
  readonly seed?: number;
  /** Bootstrap resamples; default 2000. */
  readonly resamples?: number;
}

/** A Wilson interval with its trial count, or undefined for no trials. */
function rate(successes: number, trials: number): (Interval & { judged: number }) | undefined {
  return trials === 0 ? undefined : { ...wilsonInterval(successes, trials), judged: trials };
}

/** Wins of `ids` among the pairs of `criterion` that involve them. */
function wins(votes: LabelVotes, criterion: PairCriterion, ids: ReadonlySet<string>) {
  let won = 0;
  let judged = 0;
  for (const pair of votes.pairs) {
    if (pair.criterion !== criterion) continue;
    for (const side of [pair.a, pair.b]) {
      if (!ids.has(side)) continue;
      judged += 1;
      if (pair.winner === side) won += 1;
    }
  }
  return rate(won, judged);
}

/**
 * Aggregates per-image metrics per method, in first-seen order: detection rate and in-box rate (Wilson
 * 95%), mean and median ID distance and mean cosine similarity (seeded percentile bootstrap 95%), mean
 * PSNR/SSIM, time per image, and, with votes, the failure rate and pairwise win rates (Wilson 95%). The
 * latest vote on an image counts.
 * @example
 * const rows = summarizeExperiment(metrics, { votes });
 */
export function summarizeExperiment(
  metrics: readonly ImageMetrics[],
  options: SummarizeOptions = {},
): MethodSummary[] {
  const boot = {
    seed: options.seed ?? 0,
    ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
  };
  const methods = [...new Set(metrics.map((m) => m.methodLabel))];
  const truncated = new Map<string, boolean>();
  for (const vote of options.votes?.truncation ?? []) truncated.set(vote.id, vote.truncated);
  return methods.map((methodLabel): MethodSummary => {
    const rows = metrics.filter((m) => m.methodLabel === methodLabel);
    const ids = new Set(rows.map((m) => m.id));
    const withBox = rows.filter((m) => m.psnr !== undefined || m.face?.inBox !== undefined);
    const distances = rows.flatMap((m) => (m.idDistance === undefined ? [] : [m.idDistance]));
    const cosines = rows.flatMap((m) => (m.idCosine === undefined ? [] : [m.idCosine]));
    const psnrs = rows.flatMap((m) => (m.psnr !== undefined && Number.isFinite(m.psnr) ? [m.psnr] : []));
    const ssims = rows.flatMap((m) => (m.ssim === undefined ? [] : [m.ssim]));
    const judged = rows.filter((m) => truncated.has(m.id));
    const failure = rate(judged.filter((m) => truncated.get(m.id)).length, judged.length);
    const consistency =
      options.votes === undefined ? undefined : wins(options.votes, 'condition-consistency', ids);
    const fidelity = options.votes === undefined ? undefined : wins(options.votes, 'general-fidelity', ids);
    const counted = rows.filter((m) => m.secondFaceCount !== undefined);
    const second = rate(counted.filter((m) => (m.secondFaceCount ?? 0) > 0).length, counted.length);
    const inBox = rate(withBox.filter((m) => m.face?.inBox === true).length, withBox.length);
    return {
      methodLabel,
      images: rows.length,
      detectionRate: wilsonInterval(rows.filter((m) => m.faceCount > 0).length, rows.length),
      ...(second === undefined ? {} : { secondDetectionRate: second }),
      ...(inBox === undefined ? {} : { inBoxRate: inBox }),
      idImages: distances.length,
      idDistanceMean: bootstrapInterval(distances, mean, boot),
      idDistanceMedian: bootstrapInterval(distances, median, boot),
      idCosineMean: bootstrapInterval(cosines, mean, boot),
      psnrMean: mean(psnrs),
      ssimMean: mean(ssims),
      secondsPerImage: mean(rows.map((m) => m.timeMs)) / 1000,
      ...(failure === undefined ? {} : { failureRate: failure }),
      ...(consistency === undefined ? {} : { consistencyWins: consistency }),
      ...(fidelity === undefined ? {} : { fidelityWins: fidelity }),
    };
  });
}
