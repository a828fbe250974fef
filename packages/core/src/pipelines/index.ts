export {
  createTxt2ImgPipeline,
  type Txt2ImgOptions,
  type Txt2ImgPipeline,
  type Txt2ImgResult,
  type Txt2ImgTimings,
} from './create-txt2img-pipeline.js';
export { type EncodedPrompts, encodePrompts } from './encode-prompts.js';
export { DEFAULT_TXT2IMG_CONFIG, resolveTxt2ImgConfig, type Txt2ImgConfig } from './txt2img-config.js';
