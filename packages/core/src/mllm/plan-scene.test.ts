import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { MllmModel, MllmRequest } from './mllm-model.js';
import { MllmProviderError } from './mllm-provider-error.js';
import { MllmResponseError } from './mllm-response-error.js';
import { planScene } from './plan-scene.js';

type Stage = 'intensify' | 'position' | 'related';
type Reply = string | Error;

/** A scripted transport: answers each stage from a queue and records every request it saw. */
function scripted(
  replies: Record<Stage, Reply[]>,
): MllmModel & { calls: { stage: Stage; request: MllmRequest }[] } {
  const calls: { stage: Stage; request: MllmRequest }[] = [];
  return {
    provider: 'scripted',
    modelId: 'test',
    calls,
    async generate(request) {
      const name = request.jsonSchema?.name ?? '';
      const stage: Stage = name.includes('intensified')
        ? 'intensify'
        : name.includes('related')
          ? 'related'
          : 'position';
      calls.push({ stage, request });
      const next = replies[stage].shift();
      if (next === undefined) throw new Error(`unexpected extra call for ${stage}`);
      if (next instanceof Error) throw next;
      return { text: next };
    },
  };
}

const image = { mimeType: 'image/png', data: new Uint8Array([137, 80, 78, 71]) };
const prompt = 'a watercolor portrait of a woman in a garden';
const good = {
  intensify: [
    '{"description": "young woman, red hair", "intensified_prompt": "watercolor portrait of a young red-haired woman in a garden"}',
  ],
  position: ['{"bbox": [160, 40, 200, 200]}'],
  related: ['{"related_bbox": [96, 120, 320, 392]}'],
};
const copy = (r: Record<Stage, Reply[]>) => ({
  intensify: [...r.intensify],
  position: [...r.position],
  related: [...r.related],
});

describe('planScene', () => {
  it('uses the model answers when they are valid, and sends the image, the prompt and the canvas', async () => {
    const mllm = scripted(copy(good));
    const plan = await planScene(mllm, { image, prompt, temperature: 0, seed: 7 });
    expect(plan.prompt).toBe('watercolor portrait of a young red-haired woman in a garden');
    expect(plan.description).toBe('young woman, red hair');
    expect(plan.box).toEqual([160, 40, 200, 200]);
    expect(plan.relatedBox).toEqual([96, 120, 320, 392]);
    expect(plan.provenance.prompt).toEqual({ source: 'model', adjusted: false });
    expect(plan.provenance.box).toEqual({ source: 'model', adjusted: false });
    expect(mllm.calls).toHaveLength(3);
    for (const { request } of mllm.calls) {
      expect(request.parts[0]).toEqual({ type: 'image', image });
      expect(request.temperature).toBe(0);
      expect(request.seed).toBe(7);
    }
    const text = (i: number) => (mllm.calls[i]!.request.parts[1] as { text: string }).text;
    const related = mllm.calls.find((c) => c.stage === 'related')!;
    expect(text(0)).toContain(prompt);
    expect(mllm.calls.find((c) => c.stage === 'position')!.request.parts[1]).toMatchObject({
      text: expect.stringContaining('512x512'),
    });
    expect((related.request.parts[1] as { text: string }).text).toContain('[160, 40, 200, 200]');
    expect((related.request.parts[1] as { text: string }).text).toContain('red-haired');
  });

  it('retries once on malformed JSON and then uses the good reply', async () => {
    const replies = copy(good);
    replies.position.unshift('{"bbox": [160, 40, 200, 200]'); // truncated JSON
    const mllm = scripted(replies);
    const plan = await planScene(mllm, { image, prompt });
    expect(plan.box).toEqual([160, 40, 200, 200]);
    const position = mllm.calls.filter((c) => c.stage === 'position');
    expect(position).toHaveLength(2);
    expect((position[1]!.request.parts.at(-1) as { text: string }).text).toMatch(/not valid JSON/);
  });

  it('falls back per field after a second invalid reply, and says so in the provenance', async () => {
    const mllm = scripted({
      intensify: ['not json', '```json\n{"intensified_prompt": ""}\n```'],
      position: ['{"bbox": ["160", 40, 200, 200]}', '{"bbox": [160, 40, 200]}'],
      related: ['{"related_bbox": [0, 400, 64, 64]}', '{"related_bbox": [0, 400, 64, 64]}'],
    });
    const plan = await planScene(mllm, { image, prompt });
    expect(mllm.calls).toHaveLength(6);
    expect(plan.prompt).toBe(prompt);
    expect(plan.box).toEqual([128, 0, 256, 256]);
    expect(plan.relatedBox).toEqual([0, 128, 512, 384]);
    expect(plan.provenance.prompt).toMatchObject({
      source: 'fallback',
      note: expect.stringMatching(/intensified_prompt/),
    });
    expect(plan.provenance.box).toMatchObject({
      source: 'fallback',
      note: expect.stringMatching(/after one retry/),
    });
    expect(plan.provenance.relatedBox).toMatchObject({
      source: 'fallback',
      note: expect.stringMatching(/touch or overlap/),
    });
    expect(plan.description).toBeUndefined();
  });

  it('clamps and snaps out-of-range model boxes and marks them adjusted', async () => {
    const mllm = scripted({
      intensify: [...good.intensify],
      position: ['{"bbox": [400, 380, 320, 320]}'],
      related: ['{"related_bbox": [-50, 300, 700, 400]}'],
    });
    const plan = await planScene(mllm, { image, prompt });
    expect(plan.box).toEqual([256, 256, 256, 256]);
    expect(plan.relatedBox).toEqual([0, 296, 512, 216]);
    expect(plan.provenance.box).toMatchObject({ source: 'model', adjusted: true });
    expect(plan.provenance.relatedBox).toMatchObject({ source: 'model', adjusted: true });
  });

  it('falls back without retrying when the provider blocks a stage', async () => {
    const mllm = scripted({
      ...copy(good),
      intensify: [new MllmResponseError('scripted', 'SAFETY', 'blocked')],
    });
    const plan = await planScene(mllm, { image, prompt });
    expect(mllm.calls.filter((c) => c.stage === 'intensify')).toHaveLength(1);
    expect(plan.prompt).toBe(prompt);
    expect(plan.provenance.prompt).toMatchObject({
      source: 'fallback',
      note: expect.stringMatching(/SAFETY/),
    });
    expect(plan.box).toEqual([160, 40, 200, 200]);
  });

  it('throws provider errors by default and falls back when asked to', async () => {
    const failing = () => ({
      intensify: [new MllmProviderError('scripted', 503, 'overloaded')],
      position: [new MllmProviderError('scripted', 503, 'overloaded')],
      related: [new MllmProviderError('scripted', 503, 'overloaded')],
    });
    await expect(planScene(scripted(failing()), { image, prompt })).rejects.toBeInstanceOf(MllmProviderError);
    const plan = await planScene(scripted(failing()), { image, prompt, onProviderError: 'fallback' });
    expect(plan.box).toEqual([128, 0, 256, 256]);
    expect(plan.provenance.relatedBox.source).toBe('fallback');
  });

  it('rejects with the signal reason when aborted', async () => {
    const reason = new Error('user cancelled');
    const controller = new AbortController();
    const mllm: MllmModel = {
      provider: 'slow',
      modelId: 'x',
      generate: (request) =>
        new Promise((_, reject) =>
          request.signal?.addEventListener('abort', () => reject(new Error('wrapped'))),
        ),
    };
    const pending = planScene(mllm, { image, prompt, signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('scales the rules to other canvases', async () => {
    const mllm = scripted({
      intensify: [...good.intensify],
      position: ['{"bbox": [0, 0, 100, 100]}'],
      related: ['{"related_bbox": [0, 0, 1024, 1024]}'],
    });
    const plan = await planScene(mllm, { image, prompt, canvas: { width: 1024, height: 1024 } });
    expect(plan.box).toEqual([0, 0, 360, 360]);
  });

  it('validates its arguments before calling the model', async () => {
    const mllm = scripted(copy(good));
    await expect(planScene(mllm, { image, prompt: ' ' })).rejects.toThrow(InvalidArgumentError);
    await expect(
      planScene(mllm, { image: { mimeType: 'text/plain', data: image.data }, prompt }),
    ).rejects.toThrow(/mimeType/);
    await expect(planScene(mllm, { image, prompt, canvas: { width: 510, height: 512 } })).rejects.toThrow(
      /canvas.width/,
    );
    await expect(
      planScene(mllm, { image, prompt, prompts: { position: 'Put it at {{where}}' } }),
    ).rejects.toThrow(/\{\{where\}\}/);
    expect(mllm.calls).toHaveLength(0);
  });

  it('renders edited templates', async () => {
    const mllm = scripted(copy(good));
    await planScene(mllm, {
      image,
      prompt,
      prompts: { position: 'Canvas {{width}} by {{height}}, side {{minSide}}-{{maxSide}}' },
    });
    const position = mllm.calls.find((c) => c.stage === 'position')!;
    expect(position.request.parts[1]).toEqual({ type: 'text', text: 'Canvas 512 by 512, side 184-256' });
  });
});
