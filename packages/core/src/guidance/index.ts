export { classifierFreeGuidance } from './classifier-free-guidance.js';
export {
  type MaskedMultiBranchGuidanceInput,
  maskedMultiBranchGuidance,
} from './masked-multi-branch-guidance.js';
