import {
  type Backend,
  checkRgbImage,
  InvalidArgumentError,
  type ModelSource,
  resizeImage,
  throwIfAborted,
  UnsupportedModelError,
} from '@sow/core';
import type { FaceBox, FaceDetector } from './face-detector.js';
import { nonMaxSuppression } from './non-max-suppression.js';

/** Options of {@link createUltraFaceDetector}. */
export interface UltraFaceDetectorOptions {
  /** Lowest face probability reported; default 0.7 (the upstream demo's). */
  readonly scoreThreshold?: number;
  /** IoU above which the lower-scoring of two boxes is dropped; default 0.3 (the upstream demo's). */
  readonly iouThreshold?: number;
  /** Checked before loading. */
  readonly signal?: AbortSignal;
}

const WIDTH = 320;
const HEIGHT = 240;

/**
 * The UltraFace RFB-320 face detector (Ultra-Light-Fast-Generic-Face-Detector-1MB, MIT) on any sow
 * backend: a second detector, on ONNX Runtime, to cross-check the detection rate of
 * {@link createHumanFaceAnalyzer}. The image is resized to 320x240 and normalised as `(x - 127) / 128`;
 * the outputs `scores` [1, N, 2] and `boxes` [1, N, 4] (relative corners) are thresholded and
 * non-maximum suppressed. It finds faces only; it gives no identity descriptor.
 * @throws UnsupportedModelError when the model lacks the `input`, `scores` and `boxes` tensors.
 * @example
 * const ultra = await createUltraFaceDetector(backend, { location: 'ultraface/version-RFB-320.onnx' });
 * const faces = await ultra.detect(photo);
 */
export async function createUltraFaceDetector(
  backend: Backend,
  source: ModelSource,
  options: UltraFaceDetectorOptions = {},
): Promise<FaceDetector> {
  const fn = 'createUltraFaceDetector';
  const scoreThreshold = options.scoreThreshold ?? 0.7;
  const iouThreshold = options.iouThreshold ?? 0.3;
  for (const [name, value] of [
    ['scoreThreshold', scoreThreshold],
    ['iouThreshold', iouThreshold],
  ] as const) {
    if (!(value >= 0 && value <= 1))
      throw new InvalidArgumentError(fn, `options.${name}`, 'a number in [0, 1]', value);
  }
  throwIfAborted(options.signal);
  const session = await backend.loadSession(
    source,
    options.signal === undefined ? {} : { signal: options.signal },
  );
  const names = [...session.inputs.map((t) => t.name), ...session.outputs.map((t) => t.name)];
  if (!['input', 'scores', 'boxes'].every((n) => names.includes(n))) {
    await session.dispose();
    throw new UnsupportedModelError(
      fn,
      `an UltraFace graph with input 'input' and outputs 'scores', 'boxes'; it has ${names.join(', ')}`,
    );
  }
  return {
    name: `UltraFace RFB-320 on ${backend.name} (${backend.device})`,
    async detect(image, detectOptions = {}): Promise<FaceBox[]> {
      checkRgbImage('FaceDetector.detect', 'image', image);
      const small = resizeImage(image, WIDTH, HEIGHT, 'bilinear');
      const plane = WIDTH * HEIGHT;
      const data = new Float32Array(3 * plane);
      for (let p = 0; p < plane; p += 1) {
        for (let c = 0; c < 3; c += 1)
          data[c * plane + p] = ((small.data[p * small.channels + c] as number) - 127) / 128;
      }
      const out = await session.run(
        { input: { dtype: 'float32', shape: [1, 3, HEIGHT, WIDTH], data } },
        detectOptions.signal === undefined ? {} : { signal: detectOptions.signal },
      );
      const scores = out.scores?.data as Float32Array;
      const boxes = out.boxes?.data as Float32Array;
      const found: FaceBox[] = [];
      for (let i = 0; i < scores.length / 2; i += 1) {
        const score = scores[i * 2 + 1] as number;
        if (score < scoreThreshold) continue;
        const x0 = Math.max(0, (boxes[i * 4] as number) * image.width);
        const y0 = Math.max(0, (boxes[i * 4 + 1] as number) * image.height);
        const x1 = Math.min(image.width, (boxes[i * 4 + 2] as number) * image.width);
        const y1 = Math.min(image.height, (boxes[i * 4 + 3] as number) * image.height);
        if (x1 <= x0 || y1 <= y0) continue;
        found.push({
          box: {
            x: Math.round(x0),
            y: Math.round(y0),
            width: Math.round(x1 - x0),
            height: Math.round(y1 - y0),
          },
          score,
        });
      }
      return nonMaxSuppression(found, iouThreshold);
    },
    dispose: () => session.dispose(),
  };
}
