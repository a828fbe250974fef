export { softmaxRows } from './softmax-rows.js';
