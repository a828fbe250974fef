import { describe, expect, it } from 'vitest';
import { runPlanScene } from './plan-scene-cli.js';

describe('plan-scene example', () => {
  it('plans offline with the spec default placement, without reading the image', async () => {
    const plan = await runPlanScene(['missing.png', 'a man on a beach']);
    expect(plan.box).toEqual([128, 0, 256, 256]);
    expect(plan.relatedBox).toEqual([0, 128, 512, 384]);
    expect(plan.provenance.prompt.source).toBe('offline');
  });

  it('plans at a seeded random position', async () => {
    const a = await runPlanScene(['x.png', 'p', '--provider', 'random', '--seed', '4']);
    expect(a).toEqual(await runPlanScene(['x.png', 'p', '--provider', 'random', '--seed', '4']));
  });

  it('explains its usage and rejects unknown providers', async () => {
    await expect(runPlanScene([])).rejects.toThrow(/Usage/);
    await expect(runPlanScene(['x.png', 'p', '--provider', 'nope'])).rejects.toThrow(
      /Unknown provider 'nope'/,
    );
  });
});
