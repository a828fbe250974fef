/** The component folders a Stable Diffusion load reads; everything else in a repository is skipped. */
const COMPONENTS = ['scheduler', 'tokenizer', 'text_encoder', 'unet', 'vae_encoder', 'vae_decoder'] as const;
/** The model roles, each opened as `<role>/model.onnx` by the loader. */
const ROLES = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'] as const;
/** Files a load cannot do without, besides each role's model. */
const REQUIRED = [
  'model_index.json',
  'scheduler/scheduler_config.json',
  'tokenizer/vocab.json',
  'tokenizer/merges.txt',
];
/** An fp16 file name: `model_fp16.onnx`, `model.fp16.onnx`, `model_fp16.onnx_data`, ... */
const FP16 = /(^|[._])fp16([._]|$)/;
/** An ONNX graph file (the rest are weights and configs). */
const isModel = (path: string) => path.endsWith('.onnx');

/** True for a path that stays inside the folder it is joined to on any OS: no `..`, no anchors, no `\\` or `:`. */
function isSafePath(path: string): boolean {
  return !/[\\:]/.test(path) && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** What {@link selectPipelineFiles} picked from a repository listing. */
export interface PipelineFiles {
  /** Paths to download or find in the cache, relative to the pipeline folder, model files last per folder. */
  readonly files: readonly string[];
  /** Where the loader's `<role>/model.onnx` must read another file (the fp16 variant), by path. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Required paths the listing lacks (each role's model, configs, tokenizer files). */
  readonly missing: readonly string[];
}

/**
 * Picks the files a Stable Diffusion load needs from the paths of a pipeline folder (relative to the folder
 * holding `model_index.json`): `model_index.json` and the scheduler, tokenizer and four model folders, not
 * `safety_checker/` or anything else. In a folder holding both precisions only the `variant`'s ONNX files
 * and their external data are kept; `.json`/`.txt` files are always kept. Model files come after the rest of
 * their folder, so a cached `model.onnx` implies its external data is cached too. Paths that could leave the
 * folder they are joined to (`..`, absolute, drive or backslash paths from a hostile repository) are never
 * picked.
 */
export function selectPipelineFiles(listing: readonly string[], variant: 'fp32' | 'fp16'): PipelineFiles {
  const paths = listing.filter(isSafePath);
  const files: string[] = [];
  const aliases: Record<string, string> = {};
  if (paths.includes('model_index.json')) files.push('model_index.json');
  for (const component of COMPONENTS) {
    const inside = paths.filter((p) => p.startsWith(`${component}/`)).sort();
    const byVariant = (fp16: boolean) =>
      inside.filter((p) => /\.(json|txt)$/.test(p) || FP16.test(p.split('/').pop() ?? '') === fp16);
    const fp16 = byVariant(true);
    const fp32 = byVariant(false);
    const useFp16 = fp16.some(isModel) && (variant === 'fp16' || !fp32.some(isModel));
    const chosen = useFp16 ? fp16 : fp32;
    files.push(...chosen.filter((p) => !isModel(p)), ...chosen.filter(isModel));
    const model = chosen.find(isModel);
    const standard = `${component}/model.onnx`;
    if (useFp16 && model !== undefined && model !== standard) aliases[standard] = model;
  }
  const has = (path: string) => files.includes(aliases[path] ?? path);
  const missing = [...REQUIRED, ...ROLES.map((role) => `${role}/model.onnx`)].filter((p) => !has(p));
  return { files, aliases, missing };
}
