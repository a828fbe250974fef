export {
  type ClipBpeTokenizerSettings,
  clipTokenizerFromBpeMerges,
} from './clip-tokenizer-from-bpe-merges.js';
export { type ClipVocabulary, clipVocabularyFromBpeMerges } from './clip-vocabulary.js';
export {
  type ClipTokenizer,
  type ClipTokenizerSettings,
  createClipTokenizer,
} from './create-clip-tokenizer.js';
export { padTokenIdFromConfig } from './pad-token-id-from-config.js';
export { parseMerges } from './parse-merges.js';
