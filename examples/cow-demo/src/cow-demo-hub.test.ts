import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { decodeImage } from '@sow/backend-ort-node';
import { ensureTestModels, type FakeHub, readRepoFiles, startFakeHub } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');

let hub: FakeHub;
let dir: string;
beforeAll(async () => {
  hub = await startFakeHub({ 'owner/name': { files: readRepoFiles(ensureTestModels(['optimum']).optimum) } });
  dir = await mkdtemp(join(tmpdir(), 'cow-demo-hub-'));
});
afterAll(async () => {
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cow-demo --model hf:owner/name', () => {
  it('downloads the model from the Hub at HF_ENDPOINT into HF_HUB_CACHE with a progress bar and runs COW', async () => {
    const out = join(dir, 'hub.png');
    const cache = join(dir, 'hf-cache');
    const args = ['start', '-w', '@sow/example-cow-demo', '--', '--model', 'hf:owner/name', '--out', out];
    const env = {
      ...process.env,
      HF_ENDPOINT: hub.endpoint,
      HF_HUB_CACHE: cache,
      HF_TOKEN_PATH: join(dir, 'no-token'),
    };
    const { stdout, stderr } = await promisify(execFile)(
      'npm',
      [...args, '--cycles', '1', '--canvas', '64'],
      {
        cwd: REPO,
        env,
      },
    );
    expect(stdout).toContain('Model: hf:owner/name');
    expect(stderr).toMatch(/\] \d+\.\d\/(\d+\.\d) MB .*\n/);
    const image = decodeImage(await readFile(out));
    expect([image.width, image.height]).toEqual([64, 64]);
    const snapshots = await readdir(join(cache, 'models--owner--name', 'snapshots'));
    expect(snapshots).toEqual([hub.commit('owner/name')]);
  });
});
