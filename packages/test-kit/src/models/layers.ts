import type { NetContext } from './net-context.js';

/** `Linear` as exported: `MatMul` with a [in, out] weight, then `Add` of the bias. `gain` scales the init. */
export function linear(c: NetContext, name: string, x: string, dIn: number, dOut: number, gain = 1): string {
  return c.scope(name, () => {
    const y = c.g.matMul(x, c.weight('weight', [dIn, dOut], gain / Math.sqrt(dIn)));
    return c.g.add(y, c.weight('bias', [dOut], 0.02));
  });
}

/** `Conv2d` (square kernel, same padding) with a bias. */
export function conv(
  c: NetContext,
  name: string,
  x: string,
  cIn: number,
  cOut: number,
  kernel: number,
  stride = 1,
  gain = 1,
): string {
  return c.scope(name, () => {
    const w = c.weight('weight', [cOut, cIn, kernel, kernel], gain / Math.sqrt(cIn * kernel * kernel));
    const b = c.weight('bias', [cOut], 0.02);
    const p = (kernel - 1) >> 1;
    return c.g.node('Conv', [x, w, b], {
      attributes: { kernel_shape: [kernel, kernel], pads: [p, p, p, p], strides: [stride, stride] },
    });
  });
}

/** SiLU as PyTorch exports it: `Mul(x, Sigmoid(x))`. */
export function silu(c: NetContext, x: string): string {
  return c.g.mul(x, c.g.node('Sigmoid', [x]));
}

/**
 * `GroupNorm` as the PyTorch exporter writes it below opset 18: `Reshape [B, G, -1]` →
 * `InstanceNormalization` → `Reshape` back → per-channel `Mul` and `Add`.
 */
export function groupNorm(
  c: NetContext,
  name: string,
  x: string,
  channels: number,
  groups: number,
  epsilon = 1e-5,
): string {
  return c.scope(name, () => {
    const grouped = c.g.node('Reshape', [x, c.ints([0, groups, -1])]);
    const ones = c.constant([groups], new Float32Array(groups).fill(1));
    const zeros = c.constant([groups], new Float32Array(groups));
    const normed = c.g.node('InstanceNormalization', [grouped, ones, zeros], {
      attributes: { epsilon },
    });
    const back = c.g.node('Reshape', [normed, c.g.node('Shape', [x])]);
    const gamma = c.tensor(
      'weight',
      [channels, 1, 1],
      c.rng.normal(channels, 0.05).map((v) => 1 + v),
    );
    return c.g.add(c.g.mul(back, gamma), c.weight('bias', [channels, 1, 1], 0.02));
  });
}

/** `LayerNorm` over the last axis (`LayerNormalization`, opset 17). */
export function layerNorm(c: NetContext, name: string, x: string, dim: number): string {
  return c.scope(name, () => {
    const gamma = c.tensor(
      'weight',
      [dim],
      c.rng.normal(dim, 0.05).map((v) => 1 + v),
    );
    return c.g.node('LayerNormalization', [x, gamma, c.weight('bias', [dim], 0.02)], {
      attributes: { axis: -1, epsilon: 1e-5 },
    });
  });
}

/** GELU in its exact form, `0.5·x·(1 + erf(x/√2))`, as exported. */
export function gelu(c: NetContext, x: string): string {
  const erf = c.g.node('Erf', [c.g.div(x, c.constant([], [Math.SQRT2]))]);
  return c.g.mul(c.g.mul(x, c.g.add(erf, c.constant([], [1]))), c.constant([], [0.5]));
}
