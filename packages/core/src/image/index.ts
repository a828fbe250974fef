export { createSolidImage } from './create-solid-image.js';
export { dropAlpha } from './drop-alpha.js';
export { imageToTensor } from './image-to-tensor.js';
export { type MaskFromImageOptions, maskFromImage } from './mask-from-image.js';
export { pasteImage } from './paste-image.js';
export { pillowBilevel, pillowGray } from './pillow-convert.js';
export { type PillowFilter, pillowResize } from './pillow-resize.js';
export {
  DEFAULT_MAX_IMAGE_PIXELS,
  type ImageHeader,
  type ReadImageHeaderOptions,
  readImageHeader,
} from './read-image-header.js';
export { type ImageResizeMode, resizeImage } from './resize-image.js';
export { checkRgbImage, type RgbImage } from './rgb-image.js';
export { tensorToImage } from './tensor-to-image.js';
