import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@sow/core';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveHubSettings } from './resolve-hub-settings.js';

const NAMES = [
  'HF_TOKEN',
  'HF_TOKEN_PATH',
  'HF_HOME',
  'HF_HUB_CACHE',
  'HF_ENDPOINT',
  'HF_HUB_OFFLINE',
  'HUGGINGFACE_HUB_CACHE',
];
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
afterEach(() => {
  for (const n of NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
});

describe('resolveHubSettings', () => {
  it("reads Python's variables: HF_HOME and HF_HUB_CACHE, HF_ENDPOINT, HF_HUB_OFFLINE, HF_TOKEN or the token file", async () => {
    const home = await mkdtemp(join(tmpdir(), 'sow-hf-home-'));
    try {
      for (const n of NAMES) delete process.env[n];
      process.env.HF_HOME = home;
      await writeFile(join(home, 'token'), 'hf_fromLoginFile123\n');
      expect(resolveHubSettings()).toEqual({
        token: 'hf_fromLoginFile123',
        endpoint: 'https://huggingface.co',
        cacheDir: join(home, 'hub'),
        offline: false,
        variant: 'fp32',
        revalidate: false,
      });
      Object.assign(process.env, {
        HF_HUB_CACHE: '/elsewhere/hub',
        HF_ENDPOINT: 'http://127.0.0.1:9/',
        HF_HUB_OFFLINE: 'true',
        HF_TOKEN: 'hf_fromEnv456',
      });
      expect(resolveHubSettings()).toMatchObject({
        token: 'hf_fromEnv456',
        endpoint: 'http://127.0.0.1:9',
        cacheDir: '/elsewhere/hub',
        offline: true,
      });
      expect(resolveHubSettings({ token: 'hf_option789', offline: false, cacheDir: '/opt' })).toMatchObject({
        token: 'hf_option789',
        offline: false,
        cacheDir: '/opt',
      });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('refuses a malformed token without showing it, and a non-http endpoint', () => {
    const secret = 'sk-notAHuggingFaceToken';
    let error: unknown;
    try {
      resolveHubSettings({ token: secret });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String((error as Error).message)).toMatch(
      /hub: token must be a Hugging Face access token starting with 'hf_'/,
    );
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(secret);
    expect(() => resolveHubSettings({ endpoint: 'ftp://mirror' })).toThrow(
      /hub: endpoint must be an http\(s\) URL/,
    );
  });
});
