import { join } from 'node:path';
import { pillowResize, type RgbImage, resizeImage, throwIfAborted } from '@sow/core';
import { cosineSimilarity } from './cosine-similarity.js';
import type { ExperimentRecord } from './experiment-record.js';
import type { DetectedFace, FaceAnalyzer } from './face-analyzer.js';
import type { FaceDetector } from './face-detector.js';
import type { ImageMetrics } from './image-metrics.js';
import { cropImage, type PixelBox } from './pixel-box.js';
import { psnr } from './psnr.js';
import { readExperimentRecords } from './read-experiment-records.js';
import { ssim } from './ssim.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Options of {@link evaluateExperiment}. */
export interface EvaluateExperimentOptions {
  /** Face detector and embedder, e.g. {@link createHumanFaceAnalyzer}. */
  readonly faces: FaceAnalyzer;
  /** A second detector whose face count is reported next to the first's, e.g. {@link createUltraFaceDetector}. */
  readonly secondDetector?: FaceDetector;
  /** Decodes an image file (e.g. `readImage` of `@sow/backend-ort-node`). */
  readonly readImage: (path: string) => Promise<RgbImage>;
  /** Checked before every image. */
  readonly signal?: AbortSignal;
  /** Called after every image with the count done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** True when the centre of `face` lies inside `box`. */
function centreInside(face: PixelBox, box: PixelBox): boolean {
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  return cx >= box.x && cx < box.x + box.width && cy >= box.y && cy < box.y + box.height;
}

/** The generated face to compare: the most confident one inside the condition box, else the most confident. */
function pickFace(faces: readonly DetectedFace[], box: PixelBox | undefined): DetectedFace | undefined {
  return (box === undefined ? undefined : faces.find((f) => centreInside(f.box, box))) ?? faces[0];
}

/** Box clipped to the image; undefined when nothing is left. */
function clip(box: PixelBox, image: RgbImage): PixelBox | undefined {
  const x = Math.max(0, box.x);
  const y = Math.max(0, box.y);
  const width = Math.min(image.width, box.x + box.width) - x;
  const height = Math.min(image.height, box.y + box.height) - y;
  return width > 0 && height > 0 ? { x, y, width, height } : undefined;
}

/** Metrics of one record. `conditionFace` is the condition's own face, if it has one. */
async function measure(
  record: ExperimentRecord,
  generated: RgbImage,
  condition: RgbImage,
  conditionFace: DetectedFace | undefined,
  options: EvaluateExperimentOptions,
): Promise<ImageMetrics> {
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const found = await options.faces.detect(generated, signal);
  const second = await options.secondDetector?.detect(generated, signal);
  const face = pickFace(found, record.box);
  const metrics: { -readonly [K in keyof ImageMetrics]: ImageMetrics[K] } = {
    id: record.id,
    methodLabel: record.methodLabel,
    conditionId: record.conditionId,
    promptIndex: record.promptIndex,
    seed: record.seed,
    faceCount: found.length,
    ...(second === undefined ? {} : { secondFaceCount: second.length }),
    timeMs: record.timings.totalMs,
  };
  if (face !== undefined) {
    metrics.face = {
      box: face.box,
      score: face.score,
      ...(record.box === undefined ? {} : { inBox: centreInside(face.box, record.box) }),
    };
    if (conditionFace !== undefined) {
      metrics.idDistance = options.faces.distance(conditionFace.embedding, face.embedding);
      metrics.idCosine = cosineSimilarity(conditionFace.embedding, face.embedding);
    }
  }
  const box = record.box === undefined ? undefined : clip(record.box, generated);
  if (record.box !== undefined && box !== undefined && box.width >= 11 && box.height >= 11) {
    // The condition resized to the box as COW's seed did: Pillow's bicubic (`preprocessing: 'pillow'`,
    // the reference preset) or bilinear.
    const { width, height } = record.box;
    const pillow = (record.config as { preprocessing?: unknown } | undefined)?.preprocessing === 'pillow';
    const pasted = pillow
      ? pillowResize(condition, width, height)
      : resizeImage(condition, width, height, 'bilinear');
    const reference = cropImage(pasted, {
      x: box.x - record.box.x,
      y: box.y - record.box.y,
      width: box.width,
      height: box.height,
    });
    const output = cropImage(generated, box);
    metrics.psnr = psnr(reference, output);
    metrics.ssim = ssim(reference, output);
  }
  return metrics;
}

/**
 * Computes every finished image's metrics (faces found and where, ID distance and cosine similarity to
 * the condition's face, PSNR and SSIM inside the condition box, time per image) and writes them to
 * `<outDir>/metrics.json`.
 * @example
 * const metrics = await evaluateExperiment('runs/faces', { faces: await createHumanFaceAnalyzer(), readImage });
 */
export async function evaluateExperiment(
  outDir: string,
  options: EvaluateExperimentOptions,
): Promise<ImageMetrics[]> {
  const records = await readExperimentRecords(outDir);
  const conditions = new Map<string, { image: RgbImage; face: DetectedFace | undefined }>();
  const metrics: ImageMetrics[] = [];
  for (const record of records) {
    throwIfAborted(options.signal);
    let condition = conditions.get(record.conditionImage);
    if (condition === undefined) {
      const image = await options.readImage(join(outDir, record.conditionImage));
      condition = { image, face: (await options.faces.detect(image))[0] };
      conditions.set(record.conditionImage, condition);
    }
    const generated = await options.readImage(join(outDir, record.image));
    metrics.push(await measure(record, generated, condition.image, condition.face, options));
    options.onProgress?.(metrics.length, records.length);
  }
  await writeFileAtomic(join(outDir, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  return metrics;
}
