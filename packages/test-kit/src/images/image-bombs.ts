import { crc32, deflateRawSync, constants as zlib } from 'node:zlib';

/** A PNG chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A zlib stream of `size` zero bytes, built from one repeated deflate block (so it never holds them). */
function zerosZlib(size: number): Uint8Array {
  const piece = 1 << 20;
  const block = deflateRawSync(Buffer.alloc(piece), { finishFlush: zlib.Z_FULL_FLUSH, level: 9 });
  const repeats = Math.floor(size / piece);
  const tail = deflateRawSync(Buffer.alloc(size - repeats * piece), { level: 9 });
  // Adler-32 of zeros: a stays 1, b grows by 1 per byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((size % 65521) << 16) | 1) >>> 0);
  const parts = [Buffer.from([0x78, 0xda]), ...Array<Buffer>(repeats).fill(block), tail, adler];
  return Buffer.concat(parts);
}

/**
 * A decompression-bomb PNG: `width`×`height` 8-bit greyscale, all black, whose IDAT really inflates to
 * `height * (width + 1)` bytes (30000×30000: about 0.9 MB of file for 900 MB of rows, 3.6 GB as RGBA).
 * For testing that decoders refuse it from the header.
 */
export function pngBomb(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zerosZlib(height * (width + 1))),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** A JPEG marker segment: FF, marker, big-endian length (including itself), payload. */
function segment(marker: number, payload: readonly number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

/**
 * A decompression-bomb JPEG: baseline, `width`×`height`, one grey component, every 8×8 block flat (a
 * one-bit DC code and a one-bit end-of-block code per block), so the file is about two bits per block
 * (30000×30000: 3.5 MB) and decodes to `width * height` grey pixels. `precision` other than 8 crafts
 * a 12- or 16-bit header instead.
 */
export function jpegBomb(width: number, height: number, precision = 8): Uint8Array {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const oneCode = [1, ...Array<number>(15).fill(0), 0]; // one code of length 1, for symbol 0
  const head = [
    0xff,
    0xd8,
    ...segment(0xdb, [0x00, ...Array<number>(64).fill(1)]),
    ...segment(0xc0, [precision, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, ...oneCode]),
    ...segment(0xc4, [0x10, ...oneCode]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
  ];
  return Buffer.concat([Buffer.from(head), Buffer.alloc(Math.ceil(blocks / 4)), Buffer.from([0xff, 0xd9])]);
}
