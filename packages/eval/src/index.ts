/**
 * `@sow/eval`: the paper's experiments as a tool. Face detection rate and identity distance (BlazeFace +
 * FaceRes from `@vladmandic/human` on TensorFlow.js WASM, not the paper's MTCNN + FaceNet; UltraFace on
 * ONNX Runtime as a second detector), condition fidelity (PSNR, SSIM), bootstrap and Wilson intervals, a
 * human labelling page, a resumable experiment runner with a pluggable executor, and reports laid out
 * like the paper's Tables I-III. Node first; `@sow/eval/browser` is the part without Node built-ins.
 * @packageDocumentation
 */
export * from './browser.js';
export { createHumanFaceAnalyzer, type HumanFaceAnalyzerOptions } from './create-human-face-analyzer.js';
export { type EvaluateExperimentOptions, evaluateExperiment } from './evaluate-experiment.js';
export { expandExperiment } from './expand-experiment.js';
export { readExperimentRecords } from './read-experiment-records.js';
export { readLabelVotes } from './read-label-votes.js';
export {
  type ExperimentProgressEvent,
  type ExperimentRunSummary,
  type RunExperimentOptions,
  runExperiment,
} from './run-experiment.js';
export { type LabellingServer, type ServeLabellingOptions, serveLabelling } from './serve-labelling.js';
export { writeFileAtomic } from './write-file-atomic.js';
export { writeReport } from './write-report.js';
