import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { createTensor } from '../tensor/tensor.js';
import { createSolidImage } from './create-solid-image.js';
import { imageToTensor } from './image-to-tensor.js';
import { pasteImage } from './paste-image.js';
import { resizeImage } from './resize-image.js';
import type { RgbImage } from './rgb-image.js';
import { tensorToImage } from './tensor-to-image.js';

const rgb = (width: number, height: number, values: number[]): RgbImage => ({
  width,
  height,
  channels: 3,
  data: Uint8Array.from(values),
});

describe('imageToTensor', () => {
  it('maps bytes to x / 127.5 - 1, channels first, dropping alpha', () => {
    const img: RgbImage = {
      width: 2,
      height: 1,
      channels: 4,
      data: Uint8Array.from([0, 51, 255, 9, 255, 204, 0, 0]),
    };
    const t = imageToTensor(img);
    expect(t.shape).toEqual([1, 3, 1, 2]);
    const expected = [-1, 1, 51 / 127.5 - 1, 204 / 127.5 - 1, 1, -1].map(Math.fround);
    expect(Array.from(t.data)).toEqual(expected);
  });

  it('names the bad field', () => {
    expect(() =>
      imageToTensor({ width: 1, height: 1, channels: 2 as never, data: new Uint8Array(2) }),
    ).toThrow('imageToTensor: img.channels must be 3 or 4, got 2.');
    expect(() => imageToTensor(rgb(2, 2, [1, 2, 3]))).toThrow(
      'imageToTensor: img.data.length must be 12 (width * height * channels = 2 * 2 * 3), got 3.',
    );
    expect(() => imageToTensor({ width: 1.5, height: 2, channels: 3, data: new Uint8Array(9) })).toThrow(
      'imageToTensor: img.width must be a positive integer, got 1.5.',
    );
  });
});

describe('tensorToImage', () => {
  it('clamps to [-1, 1], maps (x + 1) * 127.5 and rounds', () => {
    const t = createTensor('float32', [1, 3, 1, 2], [-1, 1, 0, 2, -3, Number.NaN]);
    // pixel 0: r=-1 -> 0, g=0 -> 127.5 -> 128, b=-3 -> 0; pixel 1: r=1 -> 255, g=2 -> 255, b=NaN -> 0
    expect(Array.from(tensorToImage(t).data)).toEqual([0, 128, 0, 255, 255, 0]);
  });

  it('inverts imageToTensor for every byte value and selects the batch item', () => {
    const bytes = Array.from({ length: 256 * 3 }, (_, i) => i % 256);
    const img = rgb(256, 1, bytes);
    expect(Array.from(tensorToImage(imageToTensor(img)).data)).toEqual(bytes);
    const two = createTensor('float32', [2, 3, 1, 1], [-1, -1, -1, 1, 1, 1]);
    expect(Array.from(tensorToImage(two, 1).data)).toEqual([255, 255, 255]);
  });

  it('rejects other shapes and indices', () => {
    expect(() => tensorToImage(createTensor('float32', [1, 4, 2, 2]))).toThrow(ShapeMismatchError);
    expect(() => tensorToImage(createTensor('float32', [1, 3, 2, 2]), 1)).toThrow(
      'tensorToImage: index must be an integer in [0, 0], got 1.',
    );
  });
});

describe('resizeImage', () => {
  it('bilinear follows PyTorch align_corners=False (hand-computed) and keeps channels', () => {
    const img: RgbImage = {
      width: 2,
      height: 1,
      channels: 4,
      data: Uint8Array.from([0, 0, 0, 255, 200, 100, 40, 255]),
    };
    const out = resizeImage(img, 4, 1, 'bilinear');
    expect(out.channels).toBe(4);
    // source x = (j + 0.5) / 2 - 0.5 -> 0 (clamped), 0.25, 0.75, 1.25 (right edge clamped)
    expect(Array.from(out.data)).toEqual([
      0, 0, 0, 255, 50, 25, 10, 255, 150, 75, 30, 255, 200, 100, 40, 255,
    ]);
  });

  it('nearest downsampling picks the top-left pixel of each block', () => {
    const img = rgb(
      4,
      2,
      Array.from({ length: 24 }, (_, i) => i * 10),
    );
    const out = resizeImage(img, 2, 1, 'nearest');
    expect(Array.from(out.data)).toEqual([0, 10, 20, 60, 70, 80]);
  });

  it('rejects bad sizes and modes', () => {
    const img = rgb(1, 1, [0, 0, 0]);
    expect(() => resizeImage(img, 0, 1)).toThrow('resizeImage: width must be a positive integer, got 0.');
    expect(() => resizeImage(img, 1, 1, 'cubic' as never)).toThrow(InvalidArgumentError);
  });
});

describe('createSolidImage and pasteImage', () => {
  it('fills with one colour', () => {
    const img = createSolidImage(2, 2, [128, 64, 0]);
    expect(Array.from(img.data)).toEqual([128, 64, 0, 128, 64, 0, 128, 64, 0, 128, 64, 0]);
    expect(() => createSolidImage(2, 2, [256, 0, 0])).toThrow(
      'createSolidImage: color[0] must be an integer in [0, 255], got 256.',
    );
  });

  it('pastes colour at (x, y), ignores the alpha of the image and leaves the canvas untouched', () => {
    const canvas = createSolidImage(3, 2, [9, 9, 9]);
    const img: RgbImage = {
      width: 2,
      height: 1,
      channels: 4,
      data: Uint8Array.from([1, 2, 3, 0, 4, 5, 6, 0]),
    };
    const out = pasteImage(canvas, img, 1, 1);
    expect(Array.from(out.data)).toEqual([9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6]);
    expect(canvas.data[12]).toBe(9);
  });

  it('rejects images that do not fit', () => {
    const canvas = createSolidImage(3, 2, [0, 0, 0]);
    expect(() => pasteImage(canvas, createSolidImage(2, 2, [1, 1, 1]), 2, 0)).toThrow(
      'pasteImage: x must be an integer in [0, 1] (canvas width 3, image width 2), got 2.',
    );
    expect(() => pasteImage(canvas, createSolidImage(1, 1, [1, 1, 1]), 0, -1)).toThrow(InvalidArgumentError);
  });
});
