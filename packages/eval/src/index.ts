/**
 * `@sow/eval`: the paper's experiments as a tool. Face detection rate and identity distance (BlazeFace +
 * FaceRes from `@vladmandic/human` on TensorFlow.js WASM, not the paper's MTCNN + FaceNet), condition
 * fidelity (PSNR, SSIM), bootstrap and Wilson intervals, a human labelling page, a resumable experiment
 * runner with a pluggable executor, and reports laid out like the paper's Tables I-III.
 * @packageDocumentation
 */
export { type BootstrapOptions, bootstrapInterval } from './bootstrap-interval.js';
export { cosineSimilarity } from './cosine-similarity.js';
export { createHumanFaceAnalyzer, type HumanFaceAnalyzerOptions } from './create-human-face-analyzer.js';
export type { DetectedFace, FaceAnalyzer } from './face-analyzer.js';
export type { Interval } from './interval.js';
export { cropImage, type PixelBox } from './pixel-box.js';
export { psnr } from './psnr.js';
export { ssim } from './ssim.js';
export { mean, median } from './summary-stats.js';
export { wilsonInterval } from './wilson-interval.js';
