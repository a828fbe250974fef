import type { FaceBox } from './face-detector.js';
import type { PixelBox } from './pixel-box.js';

/** Intersection over union of two boxes (0 when either is empty). */
export function intersectionOverUnion(a: PixelBox, b: PixelBox): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * Greedy (hard) non-maximum suppression: keeps boxes from the highest score down, dropping every box
 * whose IoU with a kept one exceeds `iouThreshold`. Returns the kept boxes, highest score first.
 */
export function nonMaxSuppression<T extends FaceBox>(boxes: readonly T[], iouThreshold: number): T[] {
  const kept: T[] = [];
  for (const candidate of [...boxes].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => intersectionOverUnion(k.box, candidate.box) <= iouThreshold)) kept.push(candidate);
  }
  return kept;
}
