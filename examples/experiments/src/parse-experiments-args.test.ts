import { describe, expect, it } from 'vitest';
import { parseExperimentsArgs, USAGE } from './parse-experiments-args.js';

describe('parseExperimentsArgs', () => {
  it('parses the three commands with their defaults', () => {
    expect(parseExperimentsArgs(['generate', 'spec.json', '--out', 'runs/x'])).toEqual({
      command: 'generate',
      spec: 'spec.json',
      out: 'runs/x',
      device: 'cpu',
      provider: 'offline',
    });
    expect(parseExperimentsArgs(['eval', 'runs/x'])).toEqual({ command: 'eval', dir: 'runs/x', seed: 0 });
    expect(parseExperimentsArgs(['label', 'runs/x', '--port', '9000'])).toEqual({
      command: 'label',
      dir: 'runs/x',
      port: 9000,
    });
  });

  it('prints the usage for bad or missing arguments', () => {
    for (const argv of [
      [],
      ['--help'],
      ['run', 'x'],
      ['eval', 'a', 'b'],
      ['generate', 's', '--device', 'tpu'],
    ]) {
      expect(() => parseExperimentsArgs(argv), argv.join(' ')).toThrow(USAGE);
    }
  });
});
