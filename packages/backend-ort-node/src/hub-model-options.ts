/**
 * Options for `hf:` model ids (`loadStableDiffusionFromDir('hf:owner/name', { hub })`, {@link downloadHubModel}).
 * Each one falls back to the environment variable Python's `huggingface_hub` reads, so both share one cache.
 */
export interface HubModelOptions {
  /**
   * Access token for gated and private repositories. Default `HF_TOKEN`, else the token file that
   * `hf auth login` writes (`HF_TOKEN_PATH`, default `$HF_HOME/token`). Never printed or put in an error.
   */
  readonly token?: string;
  /** The Hub or a mirror. Default `HF_ENDPOINT`, else `https://huggingface.co`. */
  readonly endpoint?: string;
  /**
   * The Hub cache folder (`models--owner--name/{blobs,snapshots,refs}`). Default `HF_HUB_CACHE`, else
   * `$HF_HOME/hub`, else `~/.cache/huggingface/hub`: the cache diffusers and transformers use.
   */
  readonly cacheDir?: string;
  /** Use the cache only, never the network. Default true when `HF_HUB_OFFLINE` is `1`/`true`/`yes`/`on`. */
  readonly offline?: boolean;
  /**
   * Which precision to download and load where a component folder has both `model.onnx` and an fp16
   * variant (`model_fp16.onnx` or `model.fp16.onnx`). Default `'fp32'`; a folder with one precision
   * uses it whatever this says.
   */
  readonly variant?: 'fp32' | 'fp16';
  /**
   * Ask the Hub for the revision's current commit even when the cache already holds a complete snapshot
   * of it. Default false: a branch name found in the cache (`refs/<branch>`) is used with no request.
   */
  readonly revalidate?: boolean;
}
