export { type MutatedBytes, mutateBytes } from './mutate-bytes.js';
