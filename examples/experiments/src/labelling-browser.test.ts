import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type LabellingServer,
  type LabelVotes,
  parseExperimentSpec,
  runExperiment,
  serveLabelling,
} from '@sow/eval';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../web/src/launch-chromium.js';
import { createPasteExecutor } from './paste-executor.js';

const FACES = fileURLToPath(new URL('../../../../shared/models/faces/', import.meta.url));

let dir: string;
let server: LabellingServer;
let context: BrowserContext;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sow-labelling-'));
  const spec = parseExperimentSpec({
    name: 'labels',
    canvas: 128,
    conditions: [{ id: 'man', image: 'single-4.jpg' }],
    prompts: ['a person'],
    seeds: [1],
    methods: ['cow:reference', 'random-position', 'sow:none'],
  });
  await runExperiment({ spec, specDir: FACES, outDir: dir, executor: createPasteExecutor() });
  server = await serveLabelling({ outDir: dir });
  context = await launchChromium(join(dir, 'profile'));
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Waits until the page shows the next item (or is done) and returns its state. */
async function ready(page: Page): Promise<string | undefined> {
  await page.waitForFunction(() => ['ready', 'done'].includes(document.body.dataset.state ?? ''));
  return page.evaluate(() => document.body.dataset.state);
}

/** True once the image element has loaded real pixels. */
const loaded = (page: Page, selector: string) =>
  page.$eval(
    selector,
    (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 128,
  );

describe('the labelling page in Chromium', () => {
  it('saves one-at-a-time truncation votes and 2AFC pair votes on both criteria to labels.json', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    const truncation: { id: string; truncated: boolean }[] = [];
    for (let i = 0; (await ready(page)) === 'ready'; i += 1) {
      await page.waitForFunction(
        () => (document.getElementById('single') as HTMLImageElement).naturalWidth > 0,
      );
      expect(await loaded(page, '#single')).toBe(true);
      const id = (await page.getAttribute('#single', 'data-id')) ?? '';
      const truncated = i % 2 === 0;
      await page.click(truncated ? '#yes' : '#no');
      truncation.push({ id, truncated });
    }
    expect(truncation.map((v) => v.id).sort()).toEqual([
      'cow-reference__man__p0__s1',
      'random-position__man__p0__s1',
      'sow-none__man__p0__s1',
    ]);

    await page.click('#mode-pairs');
    const pairs: { criterion: string; a: string; b: string; winner: string }[] = [];
    while ((await ready(page)) === 'ready') {
      const criterion = (await page.evaluate(() => document.body.dataset.criterion)) ?? '';
      const a = (await page.getAttribute('#left-img', 'data-id')) ?? '';
      const b = (await page.getAttribute('#right-img', 'data-id')) ?? '';
      const conditionShown = await page.isVisible('#cond-img');
      expect(conditionShown, criterion).toBe(criterion === 'condition-consistency');
      const left = pairs.length % 2 === 0;
      await page.click(left ? '#left' : '#right');
      pairs.push({ criterion, a, b, winner: left ? a : b });
    }
    expect(pairs).toHaveLength(3);
    expect(pairs.map((p) => p.criterion)).toEqual([
      'condition-consistency',
      'general-fidelity',
      'condition-consistency',
    ]);
    await page.close();

    const saved = JSON.parse(await readFile(join(dir, 'labels.json'), 'utf8')) as LabelVotes;
    expect(saved.truncation.map(({ id, truncated }) => ({ id, truncated }))).toEqual(truncation);
    expect(saved.pairs.map(({ criterion, a, b, winner }) => ({ criterion, a, b, winner }))).toEqual(pairs);
  });

  it('refuses votes on unknown images and oversized bodies', async () => {
    const post = (body: string) => fetch(`${server.url}api/vote`, { method: 'POST', body });
    expect((await post(JSON.stringify({ kind: 'truncation', id: 'nope', truncated: true }))).status).toBe(
      400,
    );
    expect((await post('x'.repeat(10_000))).status).toBe(400);
    expect((await fetch(`${server.url}image/..%2Fspec.json`)).status).toBe(404);
  });
});
