import type { Interval } from './interval.js';

/** One method's aggregates over its images: a row of the report's tables. */
export interface MethodSummary {
  /** The method's report name. */
  readonly methodLabel: string;
  /** Images evaluated. */
  readonly images: number;
  /** Share of images with a face found, with its Wilson 95% interval. */
  readonly detectionRate: Interval;
  /** The second detector's detection rate, when one ran. */
  readonly secondDetectionRate?: Interval;
  /** Share of images whose compared face lies in the condition box (methods with a box). */
  readonly inBoxRate?: Interval;
  /** Images with an ID distance (a face in both the image and the condition). */
  readonly idImages: number;
  /** Mean ID distance with a seeded bootstrap 95% interval. */
  readonly idDistanceMean: Interval;
  /** Median ID distance with a seeded bootstrap 95% interval. */
  readonly idDistanceMedian: Interval;
  /** Mean cosine similarity of the face descriptors with a bootstrap 95% interval. */
  readonly idCosineMean: Interval;
  /** Mean PSNR (dB) inside the condition box, finite values only. */
  readonly psnrMean: number;
  /** Mean SSIM inside the condition box. */
  readonly ssimMean: number;
  /** Mean generation time per image, seconds. */
  readonly secondsPerImage: number;
  /** Human failure (truncated outline) rate with its Wilson interval, when labelled. */
  readonly failureRate?: Interval & { readonly judged: number };
  /** Share of condition-consistency pairs won, with its Wilson interval, when labelled. */
  readonly consistencyWins?: Interval & { readonly judged: number };
  /** Share of general-fidelity pairs won, with its Wilson interval, when labelled. */
  readonly fidelityWins?: Interval & { readonly judged: number };
}
