import type { RgbImage } from '@sow/core';
import type { FaceBox, FaceDetector } from './face-detector.js';

/** One face a {@link FaceAnalyzer} found, with its identity descriptor. */
export interface DetectedFace extends FaceBox {
  /** The face-recognition descriptor of the face. */
  readonly embedding: readonly number[];
}

/**
 * Face detection and face-recognition embeddings behind one interface, so metrics do not depend on the
 * library. The built-in one is {@link createHumanFaceAnalyzer}: BlazeFace + FaceRes, not the paper's
 * MTCNN + FaceNet, so absolute numbers differ from the paper's; comparisons between methods are the point.
 */
export interface FaceAnalyzer extends FaceDetector {
  /** Names the models, e.g. `'@vladmandic/human 3.3.6: BlazeFace + FaceRes (not MTCNN/FaceNet)'`. */
  readonly name: string;
  /** Name of {@link FaceAnalyzer.distance} as the library documents it. */
  readonly distanceName: string;
  /** Finds the faces in an 8-bit image, highest score first. */
  detect(image: RgbImage, options?: { readonly signal?: AbortSignal }): Promise<DetectedFace[]>;
  /** The identity distance the library recommends for its descriptors: smaller is more alike. */
  distance(a: readonly number[], b: readonly number[]): number;
}
