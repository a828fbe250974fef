import { decodeImage } from '@sow/backend-ort-node';
import type { RgbImage } from '@sow/core';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DemoState } from './page/demo.js';

// Helpers of web-browser.test.ts: image comparisons and driving the demo page.

/** Largest absolute difference between two equally long number lists. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** Largest per-channel difference between an RGB(A) image and RGB pixel values of the same size. */
export function maxRgbDiff(image: RgbImage, rgb: readonly number[]): number {
  expect(rgb.length).toBe(image.width * image.height * 3);
  let worst = 0;
  for (let p = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < 3; c++)
      worst = Math.max(worst, Math.abs(image.data[p * image.channels + c]! - rgb[p * 3 + c]!));
  }
  return worst;
}

/** A new tab that closes itself at the end of the test's scope (`await using`). */
export async function openPage(context: BrowserContext): Promise<Page & AsyncDisposable> {
  const page = await context.newPage();
  return Object.assign(page, { [Symbol.asyncDispose]: () => page.close() });
}

/** Opens the demo page at `url`, fills its form, clicks Generate and waits for the run to end; returns its state. */
export async function runDemo(page: Page, url: string, fields: Record<string, string>): Promise<DemoState> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  for (const [id, text] of Object.entries(fields)) {
    if (id === 'device' || id === 'mode') await page.selectOption(`#${id}`, text);
    else await page.fill(`#${id}`, text);
  }
  await page.click('#generate');
  await page.waitForFunction(
    () => ['done', 'error'].includes((globalThis as unknown as { sowDemo: DemoState }).sowDemo.state),
    undefined,
    { timeout: 120_000, polling: 100 },
  );
  return page.evaluate(() => (globalThis as unknown as { sowDemo: DemoState }).sowDemo);
}

/** Checks that the screenshot of the result canvas shows exactly the image the page reported. */
export async function expectCanvasShows(page: Page, result: NonNullable<DemoState['result']>): Promise<void> {
  const box = await page.locator('#result').boundingBox();
  const clip = { x: Math.round(box!.x), y: Math.round(box!.y), width: result.width, height: result.height };
  const shot = decodeImage(new Uint8Array(await page.screenshot({ clip })));
  expect([shot.width, shot.height]).toEqual([result.width, result.height]);
  expect(maxRgbDiff(shot, result.pixels)).toBeLessThanOrEqual(1);
  expect(new Set(result.pixels).size).toBeGreaterThan(16);
}
