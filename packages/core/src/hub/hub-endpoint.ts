/** The public Hugging Face Hub, the endpoint `hf:` ids resolve against unless a mirror is given. */
export const HUB_DEFAULT_ENDPOINT = 'https://huggingface.co';
