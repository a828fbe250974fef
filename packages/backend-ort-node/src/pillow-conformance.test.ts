/**
 * Pillow-exact preprocessing against Pillow 9.4.0 itself: `../shared/reference/pillow/` holds
 * `Image.resize` outputs of real photographs for four filters and many sizes, and `convert('L')` /
 * `convert('1')` outputs (see its README). Every vector must match byte for byte.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dropAlpha,
  type PillowFilter,
  pillowBilevel,
  pillowGray,
  pillowResize,
  type RgbImage,
} from '@sow/core';
import { PYTHON_REFERENCE_DIR } from '@sow/test-kit';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';

const DIR = join(PYTHON_REFERENCE_DIR, 'pillow');
const VECTORS = JSON.parse(readFileSync(join(DIR, 'vectors.json'), 'utf8')) as {
  pillow: string;
  resize: { input: string; width: number; height: number; filter: string; sha256: string; file?: string }[];
  convert: { input: string; op: string; unpacked?: { sha256: string }; sha256: string; file: string }[];
};

const inputs = new Map<string, RgbImage>();
function input(id: string): RgbImage {
  let img = inputs.get(id);
  if (img === undefined) {
    const rgba = decodeImage(new Uint8Array(readFileSync(join(DIR, 'inputs', `${id}.png`))));
    img = dropAlpha(rgba);
    inputs.set(id, img);
  }
  return img;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe(`pillowResize against Pillow ${VECTORS.pillow}`, () => {
  it('has the vectors', () => {
    expect(VECTORS.resize.length).toBe(108);
  });

  for (const filter of ['BICUBIC', 'BILINEAR', 'LANCZOS', 'NEAREST']) {
    it(`${filter}: every size of every photograph byte for byte`, () => {
      const failures: string[] = [];
      for (const v of VECTORS.resize.filter((r) => r.filter === filter)) {
        const out = pillowResize(input(v.input), v.width, v.height, filter.toLowerCase() as PillowFilter);
        if (sha256(out.data) !== v.sha256) {
          let detail = '';
          if (v.file !== undefined) {
            const ref = readFileSync(join(DIR, v.file));
            let diff = 0;
            let max = 0;
            for (let i = 0; i < ref.length; i++) {
              const d = Math.abs((out.data[i] ?? 0) - (ref[i] ?? 0));
              if (d) diff += 1;
              max = Math.max(max, d);
            }
            detail = ` (${diff} bytes differ, max ${max})`;
          }
          failures.push(`${v.input} ${v.width}x${v.height}${detail}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe(`pillowGray and pillowBilevel against Pillow ${VECTORS.pillow}`, () => {
  for (const v of VECTORS.convert) {
    it(`${v.input}: ${v.op}`, () => {
      const img = input(v.input);
      const out =
        v.op === "convert('L')"
          ? pillowGray(img)
          : pillowBilevel(img, v.op.includes("'L')") ? 'gray' : 'rgb');
      expect(sha256(out)).toBe(sha256(new Uint8Array(readFileSync(join(DIR, v.file)))));
    });
  }
});
