/**
 * `@sow/eval`: the paper's experiments as a tool. Face detection rate and identity distance (BlazeFace +
 * FaceRes from `@vladmandic/human` on TensorFlow.js WASM, not the paper's MTCNN + FaceNet), condition
 * fidelity (PSNR, SSIM), bootstrap and Wilson intervals, a human labelling page, a resumable experiment
 * runner with a pluggable executor, and reports laid out like the paper's Tables I-III. Node first.
 * @packageDocumentation
 */
export { type BootstrapOptions, bootstrapInterval } from './bootstrap-interval.js';
export { cosineSimilarity } from './cosine-similarity.js';
export { createHumanFaceAnalyzer, type HumanFaceAnalyzerOptions } from './create-human-face-analyzer.js';
export { createUltraFaceDetector, type UltraFaceDetectorOptions } from './create-ultraface-detector.js';
export { type EvaluateExperimentOptions, evaluateExperiment } from './evaluate-experiment.js';
export { expandExperiment } from './expand-experiment.js';
export type { ExperimentExecutor, ExperimentOutput } from './experiment-executor.js';
export type { ExperimentJob } from './experiment-job.js';
export type { ExperimentRecord } from './experiment-record.js';
export type { ExperimentCondition, ExperimentMethod, ExperimentSpec } from './experiment-spec.js';
export type { DetectedFace, FaceAnalyzer } from './face-analyzer.js';
export type { FaceBox, FaceDetector } from './face-detector.js';
export { formatContactSheet } from './format-contact-sheet.js';
export { formatReportCsv, REPORT_CSV_COLUMNS } from './format-report-csv.js';
export { formatReportMarkdown } from './format-report-markdown.js';
export type { ImageMetrics } from './image-metrics.js';
export type { Interval } from './interval.js';
export { LABEL_PAGE_HTML } from './label-page-html.js';
export type { LabelVotes, PairCriterion } from './label-votes.js';
export { methodLabel } from './method-label.js';
export type { MethodSummary } from './method-summary.js';
export { parseExperimentSpec } from './parse-experiment-spec.js';
export { cropImage, type PixelBox } from './pixel-box.js';
export { psnr } from './psnr.js';
export { readExperimentRecords } from './read-experiment-records.js';
export { readLabelVotes } from './read-label-votes.js';
export type { ReportInput } from './report-input.js';
export {
  type ExperimentProgressEvent,
  type ExperimentRunSummary,
  type RunExperimentOptions,
  runExperiment,
} from './run-experiment.js';
export { type LabellingServer, type ServeLabellingOptions, serveLabelling } from './serve-labelling.js';
export { ssim } from './ssim.js';
export { type SummarizeOptions, summarizeExperiment } from './summarize-experiment.js';
export { mean, median } from './summary-stats.js';
export { wilsonInterval } from './wilson-interval.js';
export { writeFileAtomic } from './write-file-atomic.js';
export { writeReport } from './write-report.js';
