// A bench subject for scripts/bench-attention.ts: Stable Diffusion 2.1 base's full UNet (diffusers'
// architecture and module names, 865,910,724 parameters, Optimum's SDPA export style) with random weights,
// so the modulation's time share is measured on a realistic mix of convolutions, projections and attention
// (the generated test UNet is tiny and attention-dominated). @sow/test-kit's writeSd21Unet generates it
// once into .cache/bench-models/sd21-unet/ (3.5 GB of float32 in model.onnx_data; regenerated when
// SD21_UNET_GENERATOR_VERSION changes). The patched graph is loaded through the public path users take
// (`modulatedUNetSource` over `openModelFolder`: the graph patched in memory, the weights read by ONNX
// Runtime from this folder, which stays untouched). Each session holds the 3.5 GB of weights, so this
// subject opens one at a time.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openModelFolder } from '@sow/backend-ort-node';
import {
  attentionModulationFeeds,
  attentionModulationOffFeeds,
  type Backend,
  createNoiseGenerator,
  createTensor,
  createUNet,
  randn,
  type Tensor,
  type UNet,
} from '@sow/core';
import { countFlops, decodeModel, modulatedUNetSource } from '@sow/onnx-graph';
import { SD21_UNET_CONFIG, SD21_UNET_GENERATOR_VERSION, writeSd21Unet } from '@sow/test-kit';
import type { BenchSubject, Variant } from './bench-attention-subject.js';

const DIR = fileURLToPath(new URL('../.cache/bench-models/sd21-unet', import.meta.url));
const STAMP = '.generator-version';

/** The generated model's path, generating it first when missing or from another generator version. */
function ensureModel(): string {
  const model = join(DIR, 'model.onnx');
  const stamp = join(DIR, STAMP);
  const version = String(SD21_UNET_GENERATOR_VERSION);
  if (existsSync(model) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return model;
  console.log(`  generating the SD 2.1 base UNet (random weights, 3.5 GB) into ${DIR} ...`);
  const started = performance.now();
  const tmp = `${DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  writeSd21Unet(tmp);
  writeFileSync(join(tmp, STAMP), version);
  rmSync(DIR, { recursive: true, force: true });
  renameSync(tmp, DIR);
  console.log(`  generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return model;
}

/** Opens the generated UNet, or its patched graph through the public loading path. */
async function openSession(backend: Backend, patched: boolean) {
  const model = ensureModel();
  if (!patched) return backend.loadSession({ location: model });
  return backend.loadSession(await modulatedUNetSource(openModelFolder(DIR), { graph: 'model.onnx' }));
}

/** The generated UNet (unpatched) as core's UNet role, for benchmarks of role-level options. */
export async function openSd21UNet(backend: Backend): Promise<{ unet: UNet; dispose(): Promise<void> }> {
  const session = await openSession(backend, false);
  return { unet: createUNet(session), dispose: () => session.dispose() };
}

/** SD 2.1 base's UNet with random weights at batch `batch` and a `latent`x`latent` latent. */
export function sd21UnetSubject(batch: number, latent: number): BenchSubject {
  const tokens = [0, 1, 2, 3].map((level) => (latent >> level) ** 2).join('/');
  return {
    title: `SD 2.1 base UNet, full size with random weights (16 self-attention layers at ${tokens} tokens, heads of width 64)`,
    oneSessionAtATime: true,
    flops: () =>
      countFlops(decodeModel(readFileSync(ensureModel())), {
        sample: [batch, SD21_UNET_CONFIG.latentChannels, latent, latent],
        timestep: [],
        encoder_hidden_states: [batch, 77, SD21_UNET_CONFIG.crossAttentionDim],
      }).total,
    async open(backend: Backend, patched: boolean) {
      const session = await openSession(backend, patched);
      const rng = createNoiseGenerator('bench-sd21-unet');
      const inputs: Record<string, Tensor> = {
        sample: randn(rng, [batch, SD21_UNET_CONFIG.latentChannels, latent, latent]),
        timestep: createTensor('float32', [], [601]),
        encoder_hidden_states: randn(rng, [batch, 77, SD21_UNET_CONFIG.crossAttentionDim]),
      };
      return {
        async call(variant: Variant, attention) {
          let extra: Record<string, Tensor> = {};
          if (variant === 'off') extra = attentionModulationOffFeeds(latent, latent, batch);
          if (variant === 'on') extra = attentionModulationFeeds(attention.request, attention.config);
          await session.run({ ...inputs, ...extra });
        },
        dispose: () => session.dispose(),
      };
    },
  };
}
