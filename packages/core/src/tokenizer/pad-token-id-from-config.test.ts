import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { padTokenIdFromConfig } from './pad-token-id-from-config.js';
import { parseMerges } from './parse-merges.js';

const vocab = { '!': 0, a: 1, '<|startoftext|>': 49406, '<|endoftext|>': 49407 };

describe('padTokenIdFromConfig', () => {
  it('reads "!" as 0 and <|endoftext|> as 49407', () => {
    expect(padTokenIdFromConfig({ pad_token: '!' }, undefined, vocab)).toBe(0);
    expect(padTokenIdFromConfig({ pad_token: '<|endoftext|>' }, { pad_token: '<|endoftext|>' }, vocab)).toBe(
      49407,
    );
  });

  it('lets special_tokens_map.json override a legacy tokenizer_config.json (SD 2.x layout)', () => {
    expect(padTokenIdFromConfig({ pad_token: '<|endoftext|>' }, { pad_token: '!' }, vocab)).toBe(0);
  });

  it('lets a tokenizer_config.json with added_tokens_decoder win', () => {
    const config = { pad_token: '!', added_tokens_decoder: { 0: { content: '!' } } };
    expect(padTokenIdFromConfig(config, { pad_token: '<|endoftext|>' }, vocab)).toBe(0);
  });

  it('accepts AddedToken objects and defaults to <|endoftext|>', () => {
    expect(padTokenIdFromConfig(undefined, { pad_token: { content: '!', lstrip: false } }, vocab)).toBe(0);
    expect(padTokenIdFromConfig(undefined, undefined, vocab)).toBe(49407);
    expect(padTokenIdFromConfig({}, {}, vocab)).toBe(49407);
  });

  it('rejects pad tokens missing from the vocab and malformed entries', () => {
    expect(() => padTokenIdFromConfig({ pad_token: '<pad>' }, undefined, vocab)).toThrow(
      'padTokenIdFromConfig: vocab must be a vocab containing the pad token "<pad>", got undefined.',
    );
    expect(() => padTokenIdFromConfig({ pad_token: 3 }, undefined, vocab)).toThrow(InvalidArgumentError);
    expect(() => padTokenIdFromConfig('not json', undefined, vocab)).toThrow(InvalidArgumentError);
  });
});

describe('parseMerges', () => {
  it('drops the #version header, blank lines and CR', () => {
    expect(parseMerges('#version: 0.2\r\ni n\r\nt h\n\n')).toEqual(['i n', 't h']);
    expect(parseMerges('i n\nt h')).toEqual(['i n', 't h']);
  });
});
