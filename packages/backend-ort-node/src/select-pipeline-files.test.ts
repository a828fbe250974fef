import { describe, expect, it } from 'vitest';
import { selectPipelineFiles } from './select-pipeline-files.js';

const COMMON = [
  'model_index.json',
  'scheduler/scheduler_config.json',
  'tokenizer/merges.txt',
  'tokenizer/vocab.json',
  'tokenizer/tokenizer_config.json',
  'text_encoder/model.onnx',
  'vae_encoder/model.onnx',
  'vae_decoder/model.onnx',
  'vae_decoder/config.json',
];

describe('selectPipelineFiles', () => {
  it('keeps what the loader reads, the model after its external data, and nothing else (no unsafe paths)', () => {
    const picked = selectPipelineFiles(
      [
        ...COMMON,
        'unet/model.onnx',
        'unet/weights.pb',
        'safety_checker/model.onnx',
        'README.md',
        '.gitattributes',
        'unet/../../../../evil.json',
        'unet/C:\\evil.txt',
        'tokenizer//x.json',
      ],
      'fp32',
    );
    expect(picked.missing).toEqual([]);
    expect(picked.aliases).toEqual({});
    expect([...picked.files].sort()).toEqual([...COMMON, 'unet/model.onnx', 'unet/weights.pb'].sort());
    expect(picked.files.indexOf('unet/weights.pb')).toBeLessThan(picked.files.indexOf('unet/model.onnx'));
  });

  it('picks one precision where a folder has both, by either fp16 naming', () => {
    const listing = [
      ...COMMON,
      'unet/config.json',
      'unet/model.onnx',
      'unet/model.onnx_data',
      'unet/model.fp16.onnx',
      'unet/model.fp16.onnx_data',
    ];
    const fp32 = selectPipelineFiles(listing, 'fp32');
    expect(fp32.files.filter((p) => p.startsWith('unet/'))).toEqual([
      'unet/config.json',
      'unet/model.onnx_data',
      'unet/model.onnx',
    ]);
    const fp16 = selectPipelineFiles(listing, 'fp16');
    expect(fp16.files.filter((p) => p.startsWith('unet/'))).toEqual([
      'unet/config.json',
      'unet/model.fp16.onnx_data',
      'unet/model.fp16.onnx',
    ]);
    expect(fp16.aliases).toEqual({ 'unet/model.onnx': 'unet/model.fp16.onnx' });
    // A folder with only an fp16 model uses it whatever the option says.
    const only = selectPipelineFiles([...COMMON, 'unet/model_fp16.onnx'], 'fp32');
    expect(only.aliases).toEqual({ 'unet/model.onnx': 'unet/model_fp16.onnx' });
  });

  it('lists what a repository without an ONNX export lacks', () => {
    const pytorch = [
      'model_index.json',
      'scheduler/scheduler_config.json',
      'tokenizer/vocab.json',
      'tokenizer/merges.txt',
      'text_encoder/model.safetensors',
      'unet/diffusion_pytorch_model.safetensors',
      'vae/diffusion_pytorch_model.safetensors',
    ];
    expect(selectPipelineFiles(pytorch, 'fp32').missing).toEqual([
      'text_encoder/model.onnx',
      'unet/model.onnx',
      'vae_encoder/model.onnx',
      'vae_decoder/model.onnx',
    ]);
  });
});
