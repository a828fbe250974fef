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
      concurrency: 1,
    });
    expect(
      parseExperimentsArgs([
        'generate',
        's.json',
        '--queue',
        'redis://10.0.0.2:6380/1',
        '--store',
        'st',
        '--concurrency',
        '2',
      ]),
    ).toEqual({
      command: 'generate',
      spec: 's.json',
      device: 'cpu',
      provider: 'offline',
      concurrency: 2,
      queue: { connection: { host: '10.0.0.2', port: 6380, db: 1 }, store: 'st' },
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
      ['generate', 's', '--queue', 'redis://127.0.0.1:6379'],
      ['generate', 's', '--queue', 'http://127.0.0.1:6379', '--store', 'st'],
      ['generate', 's', '--store', 'st'],
      ['generate', 's', '--concurrency', '0'],
    ]) {
      expect(() => parseExperimentsArgs(argv), argv.join(' ')).toThrow(USAGE);
    }
  });
});
