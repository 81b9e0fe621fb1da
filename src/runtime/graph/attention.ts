/**
 * Causal self-attention as nanoGPT's CausalSelfAttention (and the PyTorch target's
 * mlpc_runtime/transformer.py): one fused projection x·W_qkv to [q | k | v] (the spec's qkv kernel,
 * [width, 3·width]), `heads` heads of width/heads, softmax(q·kᵀ/√head + causal mask)·v, dropout on the
 * attention weights in training passes only, heads concatenated, output projection (proj kernel).
 *
 * Gradients: tfjs autograd through the reshapes, transposes, softmax and dropout; every product is a
 * plainMatMul (no transposed BatchMatMul on wasm). kᵀ is laid out by the forward transpose itself
 * ([batch, heads, head, length]), so q·kᵀ needs no extra transpose.
 */
import * as tf from '@tensorflow/tfjs';
import { plainMatMul } from './plain-matmul.js';
import { type ForwardRun, sequenceDense } from './sequence-layers.js';
import { sequenceDropout } from './stochastic.js';

export interface AttentionWeights {
  qkvKernel: tf.Tensor;
  qkvBias: tf.Tensor | null;
  projKernel: tf.Tensor;
  projBias: tf.Tensor | null;
}

/** −∞ above the diagonal (position i never sees j > i), 0 elsewhere: [length, length], built once per length. */
const causalMasks = new Map<number, tf.Tensor2D>();

export function causalMask(length: number): tf.Tensor2D {
  let mask = causalMasks.get(length);
  if (mask === undefined) {
    const values = new Float32Array(length * length);
    for (let i = 0; i < length; i++) for (let j = i + 1; j < length; j++) values[i * length + j] = -Infinity;
    mask = tf.keep(tf.tensor2d(values, [length, length]));
    causalMasks.set(length, mask);
  }
  return mask;
}

export function causalSelfAttention(x: tf.Tensor, weights: AttentionWeights, heads: number, attentionDropout: number, run: ForwardRun): tf.Tensor {
  const [batch, length, width] = x.shape as [number, number, number];
  if (width % heads !== 0) throw new Error(`internal: width ${width} is not divisible by ${heads} heads`);
  const head = width / heads;
  const [q, k, v] = tf.split(sequenceDense(x, weights.qkvKernel, weights.qkvBias, 'linear'), 3, 2);
  // [batch, length, width] → [batch·heads, length, head] (kᵀ: [batch·heads, head, length])
  const byHead = (t: tf.Tensor, order: number[], shape: number[]) => tf.reshape(tf.transpose(tf.reshape(t, [batch, length, heads, head]), order), shape);
  const queries = byHead(q, [0, 2, 1, 3], [batch * heads, length, head]);
  const keysT = byHead(k, [0, 2, 3, 1], [batch * heads, head, length]);
  const values = byHead(v, [0, 2, 1, 3], [batch * heads, length, head]);
  const scores = tf.add(tf.mul(plainMatMul(queries, keysT), 1 / Math.sqrt(head)), causalMask(length));
  const attention = sequenceDropout(tf.softmax(scores), attentionDropout, run);
  const mixed = tf.reshape(tf.transpose(tf.reshape(plainMatMul(attention, values), [batch, heads, length, head]), [0, 2, 1, 3]), [batch, length, width]);
  return sequenceDense(mixed, weights.projKernel, weights.projBias, 'linear');
}
