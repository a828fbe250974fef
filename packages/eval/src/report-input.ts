import type { ExperimentRecord } from './experiment-record.js';
import type { ImageMetrics } from './image-metrics.js';
import type { MethodSummary } from './method-summary.js';

/** Everything a report is made from. */
export interface ReportInput {
  /** The experiment's name. */
  readonly experiment: string;
  /** {@link FaceAnalyzer.name} of the models that measured the faces. */
  readonly analyzer: string;
  /** {@link FaceAnalyzer.distanceName}. */
  readonly distanceName: string;
  /** {@link FaceDetector.name} of the second detector, when one ran (adds a Table I column). */
  readonly secondDetector?: string;
  /** The per-image records. */
  readonly records: readonly ExperimentRecord[];
  /** The per-image metrics. */
  readonly metrics: readonly ImageMetrics[];
  /** The per-method rows. */
  readonly summaries: readonly MethodSummary[];
}
