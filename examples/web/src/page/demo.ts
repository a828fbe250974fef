/**
 * The demo page (`index.html`): runs txt2img, COW or SOW in the browser on a model folder served over HTTP,
 * with a device choice, a progress bar, previews of intermediate steps and the result on a canvas. Its
 * state is mirrored on `window.sowDemo` so the browser test can follow a run.
 */

import {
  createOrtWebBackend,
  type OrtWebBackend,
  type OrtWebDevice,
  openModelFolderUrl,
} from '@sow/backend-ort-web';
import {
  createCowPipeline,
  createSowPipeline,
  createTxt2ImgPipeline,
  loadStableDiffusion,
  type ProgressEvent,
  type RgbImage,
  type StableDiffusionModels,
} from '@sow/core';
import { loadSowModels } from '@sow/onnx-graph';
import { latentPreview } from './latent-preview.js';
import { decodeImageFile, testCard, toImageData } from './rgb-image-data.js';

/** What the page is doing, for people (the status line) and for the browser test (`window.sowDemo`). */
export interface DemoState {
  /** Phase of the current run. */
  state: 'idle' | 'loading' | 'running' | 'done' | 'error';
  /** The error message when `state` is `error`. */
  error?: string;
  /** Model calls done and planned in the current run. */
  completed: number;
  /** Model calls the current run makes. */
  total: number;
  /** Previews shown in the current run. */
  previews: number;
  /** The last result, as plain data. */
  result?: { width: number; height: number; pixels: number[]; device: string; unetCalls: number; ms: number };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const value = (id: string) => $<HTMLInputElement>(id).value;
const demo: DemoState = { state: 'idle', completed: 0, total: 0, previews: 0 };
(globalThis as { sowDemo?: DemoState }).sowDemo = demo;

/**
 * The backend and models of the last run, reused while the device, folder and cache setting stay. SOW
 * needs the UNet patched for attention modulation; the patched UNet serves txt2img and COW unchanged, so
 * once loaded it replaces the plain one (the page never holds the UNet's weights twice).
 */
interface Loaded {
  readonly key: string;
  readonly backend: OrtWebBackend;
  readonly models: StableDiffusionModels;
  /** True when the UNet is patched for SOW (`loadSowModels`). */
  readonly patched: boolean;
}

let loaded: Loaded | undefined;
let running: AbortController | undefined;

function status(text: string): void {
  $('status').textContent = text;
}

function onProgress(event: ProgressEvent): void {
  const bar = $<HTMLProgressElement>('progress');
  if (event.type === 'download') {
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    const of = event.total === undefined ? '' : ` of ${mb(event.total)} MB`;
    status(`Downloading ${event.location.split('/').slice(-2).join('/')}: ${mb(event.loaded)} MB${of}`);
  } else if (event.type === 'step') {
    demo.completed = event.completed;
    demo.total = event.total;
    bar.max = event.total;
    bar.value = event.completed;
    status(`${event.phase}: model call ${event.completed} of ${event.total}`);
  } else if (event.type === 'preview') {
    const preview = latentPreview(event.latents);
    const canvas = document.createElement('canvas');
    canvas.width = preview.width;
    canvas.height = preview.height;
    canvas.title = `${event.phase}, t = ${event.timestep}`;
    canvas.getContext('2d')?.putImageData(preview, 0, 0);
    $('previews').append(canvas);
    demo.previews += 1;
  }
}

/** Loads (or reuses) the backend and models for the chosen device and folder. */
async function load(
  device: OrtWebDevice,
  url: string,
  patched: boolean,
  signal: AbortSignal,
): Promise<Loaded> {
  const cache = $<HTMLInputElement>('cache').checked ? 'sow-models' : false;
  const key = JSON.stringify([device, url, cache]);
  if (loaded?.key === key && (loaded.patched || !patched)) return loaded;
  await loaded?.backend.dispose();
  loaded = undefined;
  demo.state = 'loading';
  const backend = await createOrtWebBackend({ device, wasmPaths: '/ort/', numThreads: 1, cache, onProgress });
  try {
    // `hf:` ids resolve against huggingface.co, or the mirror named by the page's `?hub=` parameter.
    const endpoint = new URLSearchParams(location.search).get('hub');
    const folder = openModelFolderUrl(url, { cache, signal, ...(endpoint === null ? {} : { endpoint }) });
    const options = { backend, folder, signal, onProgress };
    const sd = await (patched ? loadSowModels(options) : loadStableDiffusion(options));
    loaded = { key, backend, models: sd, patched };
    return loaded;
  } catch (error) {
    await backend.dispose();
    throw error;
  }
}

async function conditionImage(): Promise<RgbImage> {
  const file = $<HTMLInputElement>('image').files?.[0];
  return file === undefined ? testCard() : decodeImageFile(file);
}

function show(image: RgbImage): void {
  const canvas = $<HTMLCanvasElement>('result');
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.style.width = `${image.width}px`;
  canvas.style.height = `${image.height}px`;
  canvas.getContext('2d')?.putImageData(toImageData(image), 0, 0);
}

/** Runs the chosen pipeline (SOW on models loaded with the patched UNet). */
async function run(
  mode: string,
  current: Loaded,
  size: number,
  common: { prompt: string; seed: number; signal: AbortSignal; onProgress: typeof onProgress },
): Promise<{ image: RgbImage; device: string; unetCalls: number }> {
  if (mode === 'sow') {
    return createSowPipeline(current.models).generate({
      ...common,
      image: await conditionImage(),
      config: { canvasWidth: size, canvasHeight: size },
    });
  }
  if (mode === 'cow') {
    return createCowPipeline(current.models).generate({
      ...common,
      previews: true,
      image: await conditionImage(),
      box: { x: size / 4, y: size / 4, width: size / 2, height: size / 2 },
      config: { canvasWidth: size, canvasHeight: size },
    });
  }
  return createTxt2ImgPipeline(current.models).generate({
    ...common,
    previews: true,
    negativePrompt: value('negative-prompt'),
    steps: Number(value('steps')),
    width: size,
    height: size,
  });
}

async function generate(): Promise<void> {
  running = new AbortController();
  const { signal } = running;
  $<HTMLButtonElement>('generate').disabled = true;
  $<HTMLButtonElement>('cancel').disabled = false;
  $('previews').replaceChildren();
  Object.assign(demo, { state: 'loading', completed: 0, total: 0, previews: 0 });
  delete demo.error;
  const started = performance.now();
  try {
    const mode = value('mode');
    const current = await load(value('device') as OrtWebDevice, value('model-url'), mode === 'sow', signal);
    demo.state = 'running';
    const size = Number(value('size'));
    const common = { prompt: value('prompt'), seed: Number(value('seed')), signal, onProgress };
    const result = await run(mode, current, size, common);
    show(result.image);
    const ms = performance.now() - started;
    demo.result = {
      width: result.image.width,
      height: result.image.height,
      pixels: Array.from(result.image.data),
      device: result.device,
      unetCalls: result.unetCalls,
      ms,
    };
    demo.state = 'done';
    status(`Done on ${result.device} in ${(ms / 1000).toFixed(1)} s (${result.unetCalls} UNet calls).`);
  } catch (error) {
    demo.state = 'error';
    demo.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    status(signal.aborted ? 'Cancelled.' : demo.error);
  } finally {
    $<HTMLButtonElement>('generate').disabled = false;
    $<HTMLButtonElement>('cancel').disabled = true;
  }
}

$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  void generate();
});
$('cancel').addEventListener('click', () => running?.abort(new Error('Cancelled by the user.')));
$('clear-cache').addEventListener('click', () => {
  void caches.delete('sow-models').then(() => status('Model cache cleared.'));
});
document.body.dataset.ready = 'true';
