import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtNodeBackend, decodeImage, encodePng, readImage } from '@sow/backend-ort-node';
import {
  createHumanFaceAnalyzer,
  createUltraFaceDetector,
  cropImage,
  type ExperimentExecutor,
  type ExperimentRecord,
  evaluateExperiment,
  type FaceAnalyzer,
  type ImageMetrics,
  type LabelVotes,
  parseExperimentSpec,
  REPORT_CSV_COLUMNS,
  readExperimentRecords,
  runExperiment,
  summarizeExperiment,
  writeReport,
} from '@sow/eval';
import { ensureTestModels } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from './create-local-executor.js';
import { createPasteExecutor, PASTE_NOISE } from './paste-executor.js';

const FACES = fileURLToPath(new URL('../../../../shared/models/faces/', import.meta.url));
const ULTRAFACE = fileURLToPath(
  new URL('../../../../shared/models/ultraface/version-RFB-320.onnx', import.meta.url),
);

let dir: string;
let faces: FaceAnalyzer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sow-experiments-'));
  faces = await createHumanFaceAnalyzer();
});
afterAll(async () => {
  await faces?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Wraps an executor and records which job ids it ran. */
function counting(inner: ExperimentExecutor): ExperimentExecutor & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    run: (job, options) => {
      ran.push(job.id);
      return inner.run(job, options);
    },
  };
}

describe('the experiment runner on the generated test models', () => {
  it('runs a small spec end to end, and an interrupted run resumes without redoing finished images', async () => {
    const spec = parseExperimentSpec({
      name: 'tiny',
      canvas: 128,
      cowConfig: { cycles: 2 },
      txt2imgConfig: { steps: 2 },
      conditions: [{ id: 'face', image: 'single-4.jpg' }],
      prompts: ['a photo of a person attending a formal event'],
      seeds: [5],
      methods: ['txt2img', 'cow:reference', 'random-position', 'sow:AP+DAM+PI'],
    });
    const outDir = join(dir, 'tiny');
    const local = await createLocalExecutor({
      modelDir: ensureTestModels(['optimum']).optimum,
      device: 'cpu',
      attentionModulation: true,
    });
    try {
      const first = counting(local);
      const controller = new AbortController();
      const interrupted = runExperiment({
        spec,
        specDir: FACES,
        outDir,
        executor: first,
        signal: controller.signal,
        onProgress: (e) => e.type === 'job-done' && controller.abort(new Error('Ctrl-C')),
      });
      await expect(interrupted).rejects.toThrow('Ctrl-C');
      const done = await readExperimentRecords(outDir);
      expect(done.map((r) => r.id)).toEqual(['txt2img__face__p0__s5']);

      const second = counting(local);
      const events: string[] = [];
      const summary = await runExperiment({
        spec,
        specDir: FACES,
        outDir,
        executor: second,
        onProgress: (e) => e.type !== 'pipeline' && events.push(`${e.type} ${e.id}`),
      });
      expect(summary).toEqual({ total: 4, generated: 3, skipped: 1 });
      expect(second.ran).toEqual([
        'cow-reference__face__p0__s5',
        'random-position__face__p0__s5',
        'sow-AP-DAM-PI__face__p0__s5',
      ]);
      expect(events[0]).toBe('job-skip txt2img__face__p0__s5');

      const records = await readExperimentRecords(outDir);
      expect(records).toHaveLength(4);
      expect(records.find((r) => r.id === done[0]?.id)).toEqual(done[0]);
      for (const record of records) {
        const image = decodeImage(new Uint8Array(await readFile(join(outDir, record.image))));
        expect([image.width, image.height]).toEqual([128, 128]);
        expect(record.device).toBe('cpu');
        expect(record.seed).toBe(5);
        expect(record.timings.totalMs).toBeGreaterThan(0);
        expect(record.config).toBeDefined();
      }
      const sow = records.find((r) => r.methodLabel === 'sow:AP+DAM+PI');
      expect(sow?.plan?.provenance.box.source).toBe('offline');
      expect(sow?.box).toEqual(
        sow?.plan && {
          x: sow.plan.box[0],
          y: sow.plan.box[1],
          width: sow.plan.box[2],
          height: sow.plan.box[3],
        },
      );
      expect(records.find((r) => r.methodLabel === 'txt2img')?.box).toBeUndefined();
      expect((await readdir(join(outDir, 'records'))).every((f) => f.endsWith('.json'))).toBe(true);
    } finally {
      await local.dispose?.();
    }
  });
});

/** Parses report.csv into one object per method, numbers as numbers, empty as undefined. */
function parseCsv(text: string): Record<string, number | string | undefined>[] {
  const [header, ...lines] = text.trim().split('\n');
  expect(header?.split(',')).toEqual(REPORT_CSV_COLUMNS);
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(
      REPORT_CSV_COLUMNS.map((c, i) => {
        const cell = cells[i] ?? '';
        return [c, cell === '' ? undefined : cell.startsWith('"') ? cell.slice(1, -1) : Number(cell)];
      }),
    );
  });
}

const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('evaluation and report on images with known content', () => {
  it("measures the pasted condition's face and writes report numbers equal to a recomputation from the records", async () => {
    // A second condition: the left man of group-13, cropped to one face, at a non-default box.
    const pair = await readImage(`${FACES}group-13.jpg`);
    await writeFile(
      join(dir, 'left-man.png'),
      encodePng(cropImage(pair, { x: 20, y: 0, width: 200, height: 180 })),
    );
    const spec = parseExperimentSpec({
      name: 'paste',
      canvas: 256,
      conditions: [
        { id: 'man', image: 'single-4.jpg' },
        { id: 'left-man', image: join(dir, 'left-man.png'), box: { x: 40, y: 48, width: 160, height: 144 } },
      ],
      prompts: ['a person'],
      seeds: [1, 2],
      methods: ['cow:reference', 'random-position'],
    });
    const outDir = join(dir, 'paste');
    await runExperiment({ spec, specDir: FACES, outDir, executor: createPasteExecutor() });
    const backend = await createOrtNodeBackend({ device: 'cpu', sessionOptions: { logSeverityLevel: 3 } });
    const secondDetector = await createUltraFaceDetector(backend, { location: ULTRAFACE });
    const metrics = await evaluateExperiment(outDir, { faces, readImage, secondDetector });
    await backend.dispose();
    const records = await readExperimentRecords(outDir);
    expect(metrics).toHaveLength(8);
    // The two conditions are different people: every generated face (the same face, resized and noisy)
    // must be closer to its own condition than the two conditions are to each other.
    const [man] = await faces.detect(await readImage(`${FACES}single-4.jpg`));
    const [leftMan] = await faces.detect(await readImage(join(dir, 'left-man.png')));
    const between = faces.distance(man?.embedding ?? [], leftMan?.embedding ?? []);
    for (const m of metrics) {
      expect(m.face?.inBox, m.id).toBe(true);
      expect(m.secondFaceCount, m.id).toBe(1);
      expect(m.idDistance, m.id).toBeLessThan(between);
      // +-3 noise gives 20 log10(255 / 3) dB; bytes clamped at 0 or 255 lose a little noise (higher PSNR).
      expect(Math.abs((m.psnr as number) - 20 * Math.log10(255 / PASTE_NOISE)), m.id).toBeLessThan(0.5);
      expect(m.ssim, m.id).toBeGreaterThan(0.9);
    }
    const votes: LabelVotes = {
      truncation: records.map((r, i) => ({ id: r.id, truncated: i % 3 === 0, at: '' })),
      pairs: [
        {
          criterion: 'general-fidelity',
          a: records[0]?.id ?? '',
          b: records[1]?.id ?? '',
          winner: records[1]?.id ?? '',
          at: '',
        },
      ],
    };
    await writeFile(join(outDir, 'labels.json'), JSON.stringify(votes));
    const summaries = summarizeExperiment(metrics, { votes });
    await writeReport(outDir, {
      experiment: spec.name,
      analyzer: faces.name,
      distanceName: faces.distanceName,
      secondDetector: secondDetector.name,
      records,
      metrics,
      summaries,
    });

    const csv = parseCsv(await readFile(join(outDir, 'report.csv'), 'utf8'));
    const saved = JSON.parse(await readFile(join(outDir, 'metrics.json'), 'utf8')) as ImageMetrics[];
    for (const label of ['cow:reference', 'random-position']) {
      const row = csv.find((r) => r.method === label);
      const ids = new Set(records.filter((r: ExperimentRecord) => r.methodLabel === label).map((r) => r.id));
      const mine = saved.filter((m) => ids.has(m.id));
      const distances = mine.map((m) => m.idDistance as number).sort((a, b) => a - b);
      expect(row?.images).toBe(4);
      expect(row?.detection_rate).toBe(mine.filter((m) => m.faceCount > 0).length / 4);
      expect(row?.second_detection_rate).toBe(mine.filter((m) => (m.secondFaceCount ?? 0) > 0).length / 4);
      expect(row?.id_distance_mean).toBeCloseTo(avg(distances), 12);
      expect(row?.id_distance_median).toBeCloseTo(
        ((distances[1] as number) + (distances[2] as number)) / 2,
        12,
      );
      expect(row?.psnr_mean).toBeCloseTo(avg(mine.map((m) => m.psnr as number)), 12);
      expect(row?.ssim_mean).toBeCloseTo(avg(mine.map((m) => m.ssim as number)), 12);
      const times = records.filter((r) => ids.has(r.id)).map((r) => r.timings.totalMs / 1000);
      expect(row?.seconds_per_image).toBeCloseTo(avg(times), 12);
      const judged = votes.truncation.filter((v) => ids.has(v.id));
      expect(row?.failure_rate).toBeCloseTo(judged.filter((v) => v.truncated).length / judged.length, 12);
      expect(row?.failure_rate_judged).toBe(judged.length);
    }
    const markdown = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(markdown).toContain("not the paper's MTCNN + FaceNet");
    expect(markdown).toContain('## Table I');
    expect(markdown).toContain('Second detector: UltraFace RFB-320');
    const html = await readFile(join(outDir, 'report.html'), 'utf8');
    expect(html.match(/<tr><td>/g)).toHaveLength(8);
  });
});
