export {
  type GaussianConditionalMeanArgs,
  gaussianConditionalMean,
} from './gaussian-conditional-mean.js';
export type { GaussianPrior } from './gaussian-prior.js';
export { createGaussianUNet, type GaussianUNetSettings } from './gaussian-unet.js';
export { type SampleGaussianPriorArgs, sampleGaussianPrior } from './sample-gaussian-prior.js';
export {
  type SpatialCovariance,
  type SpatialCovarianceSettings,
  type SpatialKernel,
  spatialCovariance,
} from './spatial-covariance.js';
