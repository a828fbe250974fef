import { readFileSync, writeFileSync } from 'node:fs';
import { patchSelfAttentionBytes } from '@sow/onnx-graph';
writeFileSync('/tmp/exp/patched.onnx', patchSelfAttentionBytes(readFileSync('/tmp/exp/plain.onnx')).bytes);
