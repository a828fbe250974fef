import { writeFile } from 'node:fs/promises';
import {
  createOrtNodeBackend,
  encodePng,
  loadStableDiffusionFromDir,
  readImage,
  writePng,
} from '@sow/backend-ort-node';
import {
  type CowResult,
  cowSchedule,
  cowScheduleSvg,
  createCowPipeline,
  createCowSeed,
  createSowPipeline,
  type RgbImage,
  type SowGenerateOptions,
  type SowResult,
  type StableDiffusionModels,
  tensorToImage,
} from '@sow/core';
import { ensureTestModels } from '@sow/test-kit';
import { createDemoMllm } from './create-demo-mllm.js';
import { imageStrip } from './image-strip.js';
import type { CowDemoArgs } from './parse-cow-demo-args.js';
import { createProgressBar } from './progress-bar.js';
import { testCard } from './test-card.js';

/** Where the demo writes its text: `log` for whole lines, `progress` for the progress bar. */
export interface CowDemoOutput {
  /** Writes one line. */
  readonly log: (line: string) => void;
  /** Writes progress-bar text (carriage returns included). */
  readonly progress: (text: string) => void;
}

/** What a demo run produced. */
export interface CowDemoRun {
  /** Path of the generated image. */
  readonly out: string;
  /** Path of the strip of intermediate steps. */
  readonly strip: string;
  /** The pipeline's result (a `SowResult`, with the plan, for `--method sow`). */
  readonly result: CowResult | SowResult;
}

/** Runs SOW: the scene plan from `--provider`, then COW with attention modulation at the planned box. */
async function generateSow(
  models: StableDiffusionModels,
  args: CowDemoArgs,
  common: Pick<
    SowGenerateOptions,
    'image' | 'mask' | 'prompt' | 'config' | 'intermediates' | 'onProgress' | 'signal' | 'noise'
  >,
  output: CowDemoOutput,
): Promise<SowResult> {
  const mllm = createDemoMllm(args);
  const result = await createSowPipeline(models, mllm === undefined ? {} : { mllm }).generate({
    ...common,
    preset: args.preset,
    seed: args.seed,
    ...(mllm === undefined ? {} : { encodedImage: { mimeType: 'image/png', data: encodePng(common.image) } }),
    ...(args.provider === 'random' ? { switches: { adaptivePosition: false } } : {}),
  });
  const { plan } = result;
  output.log(
    `Plan (${args.provider}): prompt "${plan.prompt}", box [${plan.box.join(', ')}], related box [${plan.relatedBox.join(', ')}].`,
  );
  output.log(
    `Provenance: ${Object.entries(plan.provenance)
      .map(([field, p]) => `${field} ${p.source}${p.adjusted ? ' (adjusted)' : ''}`)
      .join(', ')}.`,
  );
  return result;
}

/** Plain statement of what the offline default model is, printed before every offline run. */
export const TEST_MODEL_NOTE =
  'Model: the generated tiny SD-shaped test model (random weights, a few MB, made offline by @sow/test-kit). ' +
  'It exercises the whole COW pipeline for smoke testing only; its output is not a meaningful picture. ' +
  'Pass --model <Stable Diffusion 2.1 base ONNX folder or hf:owner/name> for real results.';

/**
 * Runs COW for the demo: loads the models (the folder given, or the generated test model), builds the
 * condition, generates with a progress bar, and writes the image and a strip (seed canvas, canvas after
 * inversion, after every cycle, after every final step). Nothing is written when generation fails.
 */
export async function runCowDemo(
  args: CowDemoArgs,
  output: CowDemoOutput,
  signal?: AbortSignal,
): Promise<CowDemoRun> {
  const image: RgbImage = args.image === undefined ? testCard() : await readImage(args.image);
  const mask = args.mask === undefined ? undefined : await readImage(args.mask);
  const dir = args.modelDir ?? ensureTestModels(['optimum']).optimum;
  output.log(args.modelDir === undefined ? TEST_MODEL_NOTE : `Model: ${args.modelDir}`);
  const canvas = args.canvas ?? (args.modelDir === undefined ? 128 : 512);
  const box = args.box ?? { x: canvas / 4, y: 0, width: canvas / 2, height: canvas / 2 };
  const backend = await createOrtNodeBackend({ device: args.device });
  try {
    const sow = args.method === 'sow';
    const models = await loadStableDiffusionFromDir(dir, {
      backend,
      attentionModulation: sow,
      hub: { variant: args.variant },
      onProgress: createProgressBar(output.progress),
      ...(signal === undefined ? {} : { signal }),
    });
    try {
      const common = {
        image,
        ...(mask === undefined ? {} : { mask }),
        prompt: args.prompt,
        config: {
          canvasWidth: canvas,
          canvasHeight: canvas,
          ...(args.cycles === undefined ? {} : { cycles: args.cycles }),
        },
        seed: args.seed,
        noise: args.noise,
        intermediates: true,
        onProgress: createProgressBar(output.progress),
        ...(signal === undefined ? {} : { signal }),
      };
      const result = sow
        ? await generateSow(models, args, common, output)
        : await createCowPipeline(models).generate({ ...common, preset: args.preset, box });
      const tiles = [
        createCowSeed({ image, ...(mask === undefined ? {} : { mask }), config: result.config }).canvasImage,
      ];
      for (const step of result.intermediates ?? []) {
        tiles.push(
          tensorToImage(await models.vaeDecoder.decode(step.latents, signal === undefined ? {} : { signal })),
        );
      }
      const strip = args.out.replace(/\.png$/i, '-strip.png');
      await writePng(args.out, result.image);
      await writePng(strip, imageStrip(tiles));
      if (args.planSvg !== undefined) {
        const ops = cowSchedule(result.config, models.schedule);
        const title = `COW plan: preset ${args.preset}, ${result.config.cycles} cycles, ${result.unetCalls} UNet calls`;
        await writeFile(args.planSvg, cowScheduleSvg(ops, { title }));
        output.log(`Wrote ${args.planSvg} (the plan as a timeline).`);
      }
      const phases = Object.entries(result.timings.phases)
        .map(([phase, ms]) => `${phase} ${Math.round(ms ?? 0)} ms`)
        .join(', ');
      output.log(
        `${sow ? 'SOW' : 'COW'}, preset ${args.preset}, seed ${result.seed}, device ${result.device}, ${result.unetCalls} UNet calls.`,
      );
      output.log(
        `Timings: encode prompts ${Math.round(result.timings.encodePromptMs)} ms, encode image ${Math.round(result.timings.encodeImageMs)} ms, ${phases}; total ${Math.round(result.timings.totalMs)} ms.`,
      );
      for (const warning of result.warnings) output.log(`Warning: ${warning}`);
      output.log(
        `Wrote ${args.out} and ${strip} (seed canvas, after inversion, after each cycle, after each final step).`,
      );
      return { out: args.out, strip, result };
    } finally {
      await models.dispose();
    }
  } finally {
    await backend.dispose();
  }
}
