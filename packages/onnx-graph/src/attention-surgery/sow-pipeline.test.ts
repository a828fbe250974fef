import { createOrtNodeBackend, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import { createSowPipeline, InvalidArgumentError, type MllmModel, type MllmRequest } from '@sow/core';
import { ensureTestModels } from '@sow/test-kit';
import { afterAll, describe, expect, it } from 'vitest';

const dir = ensureTestModels(['diffusers']).diffusers;
const backend = await createOrtNodeBackend({ device: 'cpu' });
afterAll(() => backend.dispose());
const models = await loadStableDiffusionFromDir(dir, { backend });
const modulated = await loadStableDiffusionFromDir(dir, { backend, attentionModulation: true });

const requests: MllmRequest[] = [];
const mllm: MllmModel = {
  provider: 'fake',
  modelId: 'canned',
  async generate(request) {
    requests.push(request);
    const replies: Record<string, unknown> = {
      sow_intensified_prompt: {
        description: 'a smiling person',
        intensified_prompt: 'a smiling person in a park',
      },
      sow_condition_box: { bbox: [16, 0, 32, 32] },
      sow_related_box: { related_bbox: [0, 16, 64, 48] },
    };
    return { text: JSON.stringify(replies[request.jsonSchema?.name ?? '']) };
  },
};
const image = { width: 16, height: 16, channels: 3 as const, data: new Uint8Array(16 * 16 * 3).fill(200) };
const base = {
  image,
  encodedImage: { mimeType: 'image/png', data: new Uint8Array([137, 80, 78, 71]) },
  prompt: 'a person in a park',
  config: { canvasWidth: 64, canvasHeight: 64, cycles: 2 },
  seed: 5,
};

describe('createSowPipeline', () => {
  it('plans with the MLLM, pastes at the planned box and modulates the cycles', async () => {
    const sow = createSowPipeline(modulated, { mllm });
    const full = await sow.generate(base);
    expect(full.plan.box).toEqual([16, 0, 32, 32]);
    expect(full.plan.prompt).toBe('a smiling person in a park');
    expect(full.config.box).toEqual({ x: 16, y: 0, width: 32, height: 32 });
    const plain = await sow.generate({ ...base, switches: { attentionModulation: false } });
    expect(plain.attention).toBeUndefined();
    expect(full.latents.data).not.toEqual(plain.latents.data);
    // Without modulation, SOW is COW at the planned box with the intensified prompt, bit for bit.
    const unmodulated = await createSowPipeline(models, { mllm }).generate({
      ...base,
      switches: { attentionModulation: false },
    });
    expect(unmodulated.latents.data).toEqual(plain.latents.data);
  });

  it('runs the ablations offline and refuses modulation on a plain UNet', async () => {
    const offline = await createSowPipeline(modulated).generate({
      ...base,
      switches: { adaptivePosition: false },
    });
    expect(offline.plan.provenance.box.source).toBe('random');
    await expect(createSowPipeline(models).generate(base)).rejects.toThrow(InvalidArgumentError);
  });
});
