export {
  AFFINE_BIAS,
  AFFINE_WEIGHTS,
  affineModel,
  affineModelWithExternalData,
  affineReference,
  castModel,
  IDENTITY_INPUTS,
  IDENTITY_OUTPUTS,
  identityModel,
} from './conformance-models.js';
export { describeBackendConformance } from './describe-backend-conformance.js';
export { expectAffineOutput } from './expect-affine-output.js';
export { rejection } from './rejection.js';
