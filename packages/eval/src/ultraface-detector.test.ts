import { createOrtNodeBackend, readImage } from '@sow/backend-ort-node';
import type { Backend } from '@sow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUltraFaceDetector } from './create-ultraface-detector.js';
import type { FaceDetector } from './face-detector.js';
import { FACE_COUNTS, FACES_DIR, FRUITS_PHOTO } from './face-photos.js';

const MODEL = new URL('../../../../shared/models/ultraface/version-RFB-320.onnx', import.meta.url).pathname;

let backend: Backend;
let ultra: FaceDetector;
beforeAll(async () => {
  // Severity 3 (errors only): the upstream export lists its initializers as graph inputs, which ORT warns about.
  backend = await createOrtNodeBackend({ device: 'cpu', sessionOptions: { logSeverityLevel: 3 } });
  ultra = await createUltraFaceDetector(backend, { location: MODEL });
});
afterAll(async () => {
  await ultra?.dispose();
  await backend?.dispose();
});

describe('createUltraFaceDetector (a second detector, on ONNX Runtime)', () => {
  it('finds the faces counted by eye in the real photographs, and none in the fruit', async () => {
    const counts: Record<string, number> = {};
    for (const file of Object.keys(FACE_COUNTS))
      counts[file] = (await ultra.detect(await readImage(`${FACES_DIR}${file}`))).length;
    expect(counts).toEqual(FACE_COUNTS);
    expect(await ultra.detect(await readImage(FRUITS_PHOTO))).toEqual([]);
  });
});
