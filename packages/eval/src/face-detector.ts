import type { RgbImage } from '@sow/core';
import type { PixelBox } from './pixel-box.js';

/** A face a detector found: where, and how sure. */
export interface FaceBox {
  /** The face's box in image pixels. */
  readonly box: PixelBox;
  /** Detector confidence in [0, 1]. */
  readonly score: number;
}

/** A face detector: finds faces, nothing more (a {@link FaceAnalyzer} also embeds them). */
export interface FaceDetector {
  /** Names the model and its runtime. */
  readonly name: string;
  /** Finds the faces in an 8-bit image, highest score first. */
  detect(image: RgbImage, options?: { readonly signal?: AbortSignal }): Promise<FaceBox[]>;
  /** Frees the model. */
  dispose(): Promise<void>;
}
