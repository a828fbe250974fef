import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@sow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileResultStore } from './create-file-result-store.js';
import type { GenerationRecord } from './generation-record.js';
import type { ResultStore } from './result-store.js';
import { sha256Hex } from './sha256-hex.js';

let dir: string;
let store: ResultStore;

/** A record for `png`, as a worker would write it (only the fields the store reads matter). */
const recordFor = (id: string, png: Uint8Array, worker: string) =>
  ({
    id,
    image: { sha256: sha256Hex(png), bytes: png.length, width: 1, height: 1 },
    worker: { name: worker, hostname: 'h', pid: 1 },
  }) as unknown as GenerationRecord;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sow-store-'));
  store = createFileResultStore(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createFileResultStore', () => {
  it('keeps the first of many concurrent writers of one id, and only its image', async () => {
    const pngs = Array.from({ length: 8 }, (_, i) => new Uint8Array([i, 1, 2, 3]));
    const outcomes = await Promise.all(
      pngs.map((png, i) => store.putResult('job-1', png, recordFor('job-1', png, `w${i}`))),
    );
    const winners = outcomes.filter((o) => o.written);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.record;
    for (const o of outcomes) expect(o.record).toEqual(winner);
    expect(await store.getRecord('job-1')).toEqual(winner);
    const image = await store.getImage('job-1');
    expect(image && sha256Hex(image)).toBe(winner.image.sha256);
    expect((await readdir(join(dir, 'results', 'job-1'))).sort()).toEqual(
      [`${winner.image.sha256}.png`, 'record.json'].sort(),
    );
  });

  it('round-trips inputs by content key and answers undefined for unknown ids and keys', async () => {
    const bytes = new TextEncoder().encode('condition image bytes');
    const key = await store.putInput(bytes);
    expect(key).toBe(sha256Hex(bytes));
    expect(await store.getInput(key)).toEqual(bytes);
    expect(await store.getInput('0'.repeat(64))).toBeUndefined();
    expect(await store.getRecord('nothing-here')).toBeUndefined();
    expect(await store.getImage('nothing-here')).toBeUndefined();
  });

  it('refuses ids and keys that could leave its folder', async () => {
    await expect(store.getRecord('../etc')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.getInput('../../x')).rejects.toThrow(/64 hex digits/);
    expect(() => createFileResultStore('')).toThrow(InvalidArgumentError);
  });
});
