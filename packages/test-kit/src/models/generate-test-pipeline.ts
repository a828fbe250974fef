import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildModel, buildModelWithExternalData, type GraphBuilder } from '@sow/onnx-graph';
import { clipTokenizerFiles } from './clip-tokenizer-files.js';
import { pipelineConfigs } from './pipeline-configs.js';
import { TEST_MODEL_SPECS, type TestModelVariant } from './test-model-variants.js';
import { buildTextEncoderGraph } from './text-encoder-graph.js';
import { buildUnetGraph } from './unet-graph.js';
import { buildVaeDecoderGraph, buildVaeEncoderGraph } from './vae-graphs.js';

/** Seeds of the component weights; fixed so every generation is byte-identical. */
const SEEDS = { textEncoder: 1, unet: 2, vaeEncoder: 3, vaeDecoder: 4 } as const;

/**
 * Generates one tiny SD-shaped ONNX pipeline in the diffusers/Optimum folder layout and returns the
 * relative paths and bytes of its files. Deterministic: the same variant gives the same bytes.
 * @example
 * const files = generateTestPipelineFiles('optimum');
 */
export function generateTestPipelineFiles(variant: TestModelVariant): Map<string, Uint8Array> {
  const spec = TEST_MODEL_SPECS[variant];
  const files = new Map<string, Uint8Array>();
  const utf8 = new TextEncoder();
  for (const [path, value] of Object.entries(pipelineConfigs(spec))) {
    files.set(path, utf8.encode(`${JSON.stringify(value, null, 2)}\n`));
  }
  const { vocabJson, mergesTxt } = clipTokenizerFiles();
  files.set('tokenizer/vocab.json', utf8.encode(vocabJson));
  files.set('tokenizer/merges.txt', utf8.encode(mergesTxt));
  const model = (g: GraphBuilder) => buildModel(g, { producerName: `sow test-kit (${variant})` });
  files.set('text_encoder/model.onnx', model(buildTextEncoderGraph(spec, SEEDS.textEncoder)));
  const unet = buildUnetGraph(spec, SEEDS.unet);
  if (spec.unetExternalData === undefined) {
    files.set('unet/model.onnx', model(unet));
  } else {
    const location = spec.unetExternalData;
    const split = buildModelWithExternalData(
      unet,
      { location },
      { producerName: `sow test-kit (${variant})` },
    );
    files.set('unet/model.onnx', split.model);
    files.set(`unet/${location}`, split.data);
  }
  files.set('vae_encoder/model.onnx', model(buildVaeEncoderGraph(spec, SEEDS.vaeEncoder)));
  files.set('vae_decoder/model.onnx', model(buildVaeDecoderGraph(spec, SEEDS.vaeDecoder)));
  return files;
}

/**
 * Writes one generated test pipeline (see {@link generateTestPipelineFiles}) into `outDir` and returns
 * `outDir`. Prefer {@link ensureTestModels} in tests: it caches.
 * @example
 * generateTestPipeline('fp16', '/tmp/sd-fp16');
 */
export function generateTestPipeline(variant: TestModelVariant, outDir: string): string {
  for (const [path, bytes] of generateTestPipelineFiles(variant)) {
    const full = join(outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  }
  return outDir;
}
