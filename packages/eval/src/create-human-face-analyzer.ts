import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  checkRgbImage,
  dropAlpha,
  InvalidArgumentError,
  ModelLoadError,
  type RgbImage,
  throwIfAborted,
} from '@sow/core';
import type { DetectedFace, FaceAnalyzer } from './face-analyzer.js';

/** Options of {@link createHumanFaceAnalyzer}. */
export interface HumanFaceAnalyzerOptions {
  /** Most faces reported per image; default 64. */
  readonly maxFaces?: number;
  /** Lowest detector confidence reported; default 0.2 (human's default). */
  readonly minConfidence?: number;
  /** Checked before loading. */
  readonly signal?: AbortSignal;
}

/** The parts of tfjs-core this module uses (the copy `@vladmandic/human`'s Node WASM build loads). */
interface Tfjs {
  io: {
    registerLoadRouter(router: (url: string | string[]) => unknown): void;
    getModelArtifactsForJSON(
      json: unknown,
      loadWeights: (manifest: { paths: string[]; weights: unknown[] }[]) => Promise<[unknown[], ArrayBuffer]>,
    ): Promise<unknown>;
  };
  tensor4d(values: Float32Array, shape: [number, number, number, number]): { dispose(): void };
}

/** The parts of a `Human` instance this module uses. */
interface HumanInstance {
  load(): Promise<void>;
  detect(input: unknown): Promise<{
    face: { box: [number, number, number, number]; score: number; boxScore?: number; embedding?: number[] }[];
    error?: string | null;
  }>;
  match: { distance(a: readonly number[], b: readonly number[]): number };
  version: string;
  models: { reset?: () => void };
}

/** URL scheme of the load router that reads human's model files from disk. */
const SCHEME = 'sow-file://';
const require = createRequire(import.meta.url);
let routerRegistered = false;

/** The package folder of `@vladmandic/human` (its `models/` ships in the npm package). */
function humanPackageDir(): string {
  return dirname(dirname(require.resolve('@vladmandic/human')));
}

/** Lets tfjs load `sow-file://<path>.json` graph models (and their weight shards) from the file system, offline. */
function registerFileRouter(tf: Tfjs): void {
  if (routerRegistered) return;
  routerRegistered = true;
  tf.io.registerLoadRouter((url) => {
    const path = Array.isArray(url) ? url[0] : url;
    if (typeof path !== 'string' || !path.startsWith(SCHEME)) return null;
    const file = path.slice(SCHEME.length);
    return {
      load: async () =>
        tf.io.getModelArtifactsForJSON(JSON.parse(await readFile(file, 'utf8')), async (manifest) => {
          const shards: Buffer[] = [];
          for (const group of manifest) {
            for (const shard of group.paths) shards.push(await readFile(join(dirname(file), shard)));
          }
          const all = Buffer.concat(shards);
          const weights = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
          return [manifest.flatMap((group) => group.weights), weights];
        }),
    };
  });
}

/**
 * Face detection (BlazeFace, with FaceMesh for the crop) and face-recognition descriptors (FaceRes, 1024
 * values) from `@vladmandic/human`, on TensorFlow.js's WASM backend in Node. The models load offline from
 * the `models/` folder of the installed npm package; nothing is downloaded. Identity distance is
 * human's documented `match.distance` (squared Euclidean, scaled by 25). Face rotation correction is off:
 * on the test photographs it lost a face and doubled the time, and generated faces are upright. These are
 * NOT the paper's MTCNN + FaceNet: absolute numbers are not comparable with the paper's, comparisons
 * between methods are.
 * @throws ModelLoadError when the library or its models cannot be loaded.
 * @example
 * const faces = await createHumanFaceAnalyzer();
 * const [face] = await faces.detect(await readImage('photo.jpg'));
 * await faces.dispose();
 */
export async function createHumanFaceAnalyzer(options: HumanFaceAnalyzerOptions = {}): Promise<FaceAnalyzer> {
  const fn = 'createHumanFaceAnalyzer';
  const maxFaces = options.maxFaces ?? 64;
  const minConfidence = options.minConfidence ?? 0.2;
  if (!Number.isInteger(maxFaces) || maxFaces < 1) {
    throw new InvalidArgumentError(fn, 'options.maxFaces', 'a positive integer', maxFaces);
  }
  if (!(minConfidence >= 0 && minConfidence <= 1)) {
    throw new InvalidArgumentError(fn, 'options.minConfidence', 'a number in [0, 1]', minConfidence);
  }
  throwIfAborted(options.signal);
  let human: HumanInstance;
  let tf: Tfjs;
  const dir = humanPackageDir();
  try {
    const { Human } = require(join(dir, 'dist/human.node-wasm.js')) as {
      Human: new (config: unknown) => HumanInstance;
    };
    tf = require('@tensorflow/tfjs-core') as Tfjs;
    registerFileRouter(tf);
    human = new Human({
      backend: 'wasm',
      wasmPath: `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`,
      modelBasePath: `${SCHEME}${join(dir, 'models')}/`,
      debug: false,
      cacheSensitivity: 0,
      filter: { enabled: false },
      face: {
        enabled: true,
        detector: { rotation: false, maxDetected: maxFaces, minConfidence, return: false },
        mesh: { enabled: true },
        iris: { enabled: false },
        emotion: { enabled: false },
        description: { enabled: true },
        antispoof: { enabled: false },
        liveness: { enabled: false },
      },
      body: { enabled: false },
      hand: { enabled: false },
      object: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
    });
    await human.load();
  } catch (cause) {
    throw new ModelLoadError(join(dir, 'models'), `${fn} could not load @vladmandic/human on WASM`, {
      cause,
    });
  }
  return {
    name: `@vladmandic/human ${human.version}: BlazeFace + FaceRes on tfjs WASM (not MTCNN/FaceNet)`,
    distanceName: 'human match.distance (squared Euclidean x 25)',
    async detect(image: RgbImage, detectOptions = {}): Promise<DetectedFace[]> {
      checkRgbImage('FaceAnalyzer.detect', 'image', image);
      throwIfAborted(detectOptions.signal);
      const { width, height } = image;
      const input = tf.tensor4d(new Float32Array(dropAlpha(image).data), [1, height, width, 3]);
      try {
        const result = await human.detect(input);
        if (result.error)
          throw new ModelLoadError(join(dir, 'models'), `human.detect failed: ${result.error}`);
        return result.face
          .filter((face) => face.embedding !== undefined && face.embedding.length > 0)
          .map((face) => {
            const [x, y, w, h] = face.box;
            return {
              box: { x: Math.round(x), y: Math.round(y), width: Math.round(w), height: Math.round(h) },
              score: face.boxScore ?? face.score,
              embedding: Array.from(face.embedding ?? []),
            };
          })
          .sort((a, b) => b.score - a.score);
      } finally {
        input.dispose();
      }
    },
    distance: (a, b) => human.match.distance(a, b),
    async dispose() {
      human.models.reset?.();
    },
  };
}
