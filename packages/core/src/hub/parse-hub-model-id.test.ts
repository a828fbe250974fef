import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { hubFolderUrl } from './hub-folder-url.js';
import { isHubModelId, parseHubModelId } from './parse-hub-model-id.js';

describe('parseHubModelId', () => {
  it('reads the repository, the revision (percent-decoded) and the subfolder', () => {
    expect(parseHubModelId('hf:aislamov/stable-diffusion-2-1-base-onnx')).toEqual({
      repo: 'aislamov/stable-diffusion-2-1-base-onnx',
      revision: 'main',
      subfolder: '',
    });
    expect(parseHubModelId('hf:owner/name@cpu/onnx/sd21/')).toEqual({
      repo: 'owner/name',
      revision: 'cpu',
      subfolder: 'onnx/sd21',
    });
    expect(parseHubModelId('hf:owner/name@refs%2Fpr%2F3').revision).toBe('refs/pr/3');
  });

  it('refuses what is not an hf: id with InvalidArgumentError naming the form', () => {
    for (const id of [
      'owner/name',
      'hf:name',
      'hf:owner/',
      'hf:owner/name@',
      'hf:owner/name/../x',
      'hf:o/n@%E0',
    ]) {
      expect(() => parseHubModelId(id)).toThrow(InvalidArgumentError);
    }
    expect(() => parseHubModelId('hf:name')).toThrow(
      `parseHubModelId: id must be 'hf:owner/name', optionally with '@revision' and a '/subfolder' after it, got "hf:name".`,
    );
    expect(isHubModelId('./models/sd21')).toBe(false);
    expect(isHubModelId('hf:owner/name')).toBe(true);
  });
});

describe('hubFolderUrl', () => {
  it('builds the resolve URL the Hub serves files from, the revision encoded as one path segment', () => {
    expect(hubFolderUrl(parseHubModelId('hf:owner/name'))).toBe(
      'https://huggingface.co/owner/name/resolve/main/',
    );
    expect(hubFolderUrl(parseHubModelId('hf:owner/name@refs%2Fpr%2F3/sub'), 'http://127.0.0.1:9/')).toBe(
      'http://127.0.0.1:9/owner/name/resolve/refs%2Fpr%2F3/sub/',
    );
  });
});
