import type { PixelBox } from './pixel-box.js';

/** The automatic metrics of one generated image (one row of `metrics.json`). */
export interface ImageMetrics {
  /** The job id. */
  readonly id: string;
  /** The method's report name. */
  readonly methodLabel: string;
  /** The condition id. */
  readonly conditionId: string;
  /** Index of the prompt in the spec. */
  readonly promptIndex: number;
  /** The seed. */
  readonly seed: number | string;
  /** Faces the detector found in the generated image. */
  readonly faceCount: number;
  /** Faces the second detector (e.g. UltraFace) found, when one was given. */
  readonly secondFaceCount?: number;
  /** The face compared with the condition: inside the condition box if one is, else the most confident. */
  readonly face?: {
    /** Its box in canvas pixels. */
    readonly box: PixelBox;
    /** Detector confidence. */
    readonly score: number;
    /** Whether its centre lies inside the condition box (absent for text-to-image). */
    readonly inBox?: boolean;
  };
  /** The analyzer's identity distance to the condition's face (smaller is more alike). */
  readonly idDistance?: number;
  /** Cosine similarity of the two face descriptors (larger is more alike). */
  readonly idCosine?: number;
  /** PSNR (dB) of the generated box against the pasted condition. */
  readonly psnr?: number;
  /** SSIM of the generated box against the pasted condition. */
  readonly ssim?: number;
  /** Generation wall time from the record, milliseconds. */
  readonly timeMs: number;
}
