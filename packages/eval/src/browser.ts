/**
 * The browser-safe part of `@sow/eval` (`@sow/eval/browser`): the metrics, intervals, summaries, report
 * formatting, spec parsing and the UltraFace detector (on any sow backend, e.g. ONNX Runtime Web), with
 * no Node built-ins. The main entry adds the Node parts: the human face analyzer, the runner, file I/O
 * and the labelling server.
 * @module
 */
export { type BootstrapOptions, bootstrapInterval } from './bootstrap-interval.js';
export { cosineSimilarity } from './cosine-similarity.js';
export { createUltraFaceDetector, type UltraFaceDetectorOptions } from './create-ultraface-detector.js';
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
export type { ReportInput } from './report-input.js';
export { ssim } from './ssim.js';
export { type SummarizeOptions, summarizeExperiment } from './summarize-experiment.js';
export { mean, median } from './summary-stats.js';
export { wilsonInterval } from './wilson-interval.js';
