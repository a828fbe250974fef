import { readImage } from '@sow/backend-ort-node';
import { type RgbImage, resizeImage } from '@sow/core';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity } from './cosine-similarity.js';
import { createHumanFaceAnalyzer } from './create-human-face-analyzer.js';
import type { FaceAnalyzer } from './face-analyzer.js';
import { FACE_COUNTS, FACES_DIR as FACES, FRUITS_PHOTO as FRUITS } from './face-photos.js';
import { cropImage, type PixelBox } from './pixel-box.js';

let faces: FaceAnalyzer;
beforeAll(async () => {
  faces = await createHumanFaceAnalyzer();
});
afterAll(async () => {
  await faces?.dispose();
});

/** A square crop around a face box, `scale` times its side, shifted by (dx, dy), clamped to the image. */
function faceCrop(image: RgbImage, box: PixelBox, scale: number, dx = 0, dy = 0): RgbImage {
  const side = Math.round(Math.max(box.width, box.height) * scale);
  const cx = box.x + box.width / 2 + dx;
  const cy = box.y + box.height / 2 + dy;
  const x = Math.max(0, Math.min(image.width - side, Math.round(cx - side / 2)));
  const y = Math.max(0, Math.min(image.height - side, Math.round(cy - side / 2)));
  return cropImage(image, { x, y, width: Math.min(side, image.width), height: Math.min(side, image.height) });
}

/** JPEG re-encoding at `quality`. */
function reencode(image: RgbImage, quality: number): RgbImage {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let p = 0; p < image.width * image.height; p += 1) {
    rgba.set(image.data.subarray(p * 3, p * 3 + 3), p * 4);
    rgba[p * 4 + 3] = 255;
  }
  const { data } = jpeg.encode({ width: image.width, height: image.height, data: rgba }, quality);
  const back = jpeg.decode(data, { useTArray: true, formatAsRGBA: false });
  return { width: back.width, height: back.height, channels: 3, data: back.data };
}

/** Every channel plus `delta`, clamped. */
function brighten(image: RgbImage, delta: number): RgbImage {
  return { ...image, data: image.data.map((v) => Math.min(255, Math.max(0, v + delta))) };
}

/** The descriptor of the one (highest-scoring) face in `image`. */
async function embed(image: RgbImage): Promise<readonly number[]> {
  const [face] = await faces.detect(image);
  expect(face, 'a face in the crop').toBeDefined();
  return face?.embedding ?? [];
}

describe('createHumanFaceAnalyzer (BlazeFace + FaceRes on tfjs WASM)', () => {
  it('finds every frontal face in the real photographs, each once', async () => {
    for (const [file, count] of Object.entries(FACE_COUNTS)) {
      const image = await readImage(`${FACES}${file}`);
      const found = await faces.detect(image);
      expect(found.length, file).toBe(count);
      for (const face of found) {
        expect(face.embedding).toHaveLength(1024);
        expect(face.box.x + face.box.width / 2).toBeLessThan(image.width);
      }
    }
  });

  it('finds no face in a photograph of fruit', async () => {
    expect(await faces.detect(await readImage(FRUITS))).toEqual([]);
  });

  it('keeps crops of one face closer than any two different people (resize, shift, JPEG, brightness)', async () => {
    const photo = await readImage(`${FACES}group-19.jpg`);
    const people = (await faces.detect(photo)).sort((a, b) => a.box.x - b.box.x);
    expect(people).toHaveLength(5);
    const base: (readonly number[])[] = [];
    const same: number[] = [];
    const sameCos: number[] = [];
    for (const person of people) {
      const crop = faceCrop(photo, person.box, 1.8);
      const reference = await embed(crop);
      base.push(reference);
      const shift = Math.round(person.box.width * 0.06);
      const variants = [
        resizeImage(crop, Math.round(crop.width * 0.7), Math.round(crop.height * 0.7), 'bilinear'),
        faceCrop(photo, person.box, 1.8, shift, -shift),
        reencode(crop, 60),
        brighten(crop, 25),
      ];
      for (const variant of variants) {
        const e = await embed(variant);
        same.push(faces.distance(reference, e));
        sameCos.push(cosineSimilarity(reference, e));
      }
    }
    const different: number[] = [];
    const differentCos: number[] = [];
    for (let i = 0; i < base.length; i += 1) {
      for (let j = i + 1; j < base.length; j += 1) {
        different.push(faces.distance(base[i] as number[], base[j] as number[]));
        differentCos.push(cosineSimilarity(base[i] as number[], base[j] as number[]));
      }
    }
    expect(Math.max(...same)).toBeLessThan(Math.min(...different));
    expect(Math.min(...sameCos)).toBeGreaterThan(Math.max(...differentCos));
  });
});
