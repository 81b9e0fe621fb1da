/**
 * The graph-model layers of src/runtime/graph/ on the wasm backend (the one generated scripts run on)
 * against independent computations: attention against a naive loop in doubles, layer norm against its
 * formula, GELU against erf (Abramowitz & Stegun 7.1.26), the loss against a loop; their gradients
 * (custom ones, and autograd through plainMatMul) against tfjs autograd of the textbook op chains.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causalSelfAttention } from '../../../src/runtime/graph/attention.js';
import { layerNorm } from '../../../src/runtime/graph/layer-norm.js';
import { GroupedAdamW, clipByGlobalNorm, warmupCosine, weightDecayGroups } from '../../../src/runtime/graph/optimizer.js';
import { drawToken } from '../../../src/runtime/graph/sampling.js';
import { ForwardRun, embedding, gelu, sequenceDense } from '../../../src/runtime/graph/sequence-layers.js';
import { sequenceCrossEntropy } from '../../../src/runtime/graph/sequence-loss.js';
import { dropPath, sequenceDropout } from '../../../src/runtime/graph/stochastic.js';
import { normal, relativeError, useBackend } from './gradient-check.js';

/** erf to 1.5e-7 (Abramowitz & Stegun 7.1.26), in doubles. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** Rows of a [.., n] tensor as arrays. */
function rows(t: tf.Tensor): number[][] {
  const n = t.shape[t.rank - 1]!;
  const values = Array.from(t.dataSync());
  return Array.from({ length: values.length / n }, (_, i) => values.slice(i * n, (i + 1) * n));
}

beforeAll(() => useBackend('wasm'));
afterAll(() => useBackend('cpu'));

describe('graph layers (wasm) against independent computations', () => {
  it('gelu is x/2·(1 + erf(x/√2)) (the exact form), its gradient Φ(x) + x·φ(x) matches autograd of that formula', () => {
    const x = tf.linspace(-5, 5, 101);
    const expected = Array.from(x.dataSync(), (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
    const actual = gelu(x).dataSync();
    expected.forEach((value, i) => expect(Math.abs(actual[i] - value)).toBeLessThan(2e-6));
    const ours = tf.grad((input: tf.Tensor) => tf.sum(gelu(input)))(x);
    const reference = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.mul(input, 0.5), tf.add(1, tf.erf(tf.div(input, Math.SQRT2))))))(x);
    expect(relativeError(ours, reference)).toBeLessThan(1e-5);
    // and not the tanh approximation: they differ by ~1e-3 near |x| = 2
    expect(Math.abs(actual[70] - 0.5 * 2 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (2 + 0.044715 * 8))))).toBeGreaterThan(1e-4);
  });

  it('layer_norm (with and without bias) is γ·(x − mean)/sqrt(var + ε) + β per row; gradients match autograd of the op chain', () => {
    const x = normal([2, 3, 8], 1, 2);
    const gamma = normal([8], 2, 0.5);
    const beta = normal([8], 3, 0.5);
    for (const b of [beta, null]) {
      const y = rows(layerNorm(x, gamma, b, 1e-5));
      rows(x).forEach((row, r) => {
        const mean = row.reduce((s, v) => s + v, 0) / row.length;
        const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
        const g = gamma.dataSync();
        const o = b?.dataSync();
        row.forEach((v, i) => expect(Math.abs(y[r][i] - ((g[i] * (v - mean)) / Math.sqrt(variance + 1e-5) + (o ? o[i] : 0)))).toBeLessThan(1e-5));
      });
    }
    const dy = normal([2, 3, 8], 4);
    const textbook = (input: tf.Tensor, scale: tf.Tensor) => {
      const centered = tf.sub(input, tf.mean(input, -1, true));
      return tf.mul(tf.div(centered, tf.sqrt(tf.add(tf.mean(tf.square(centered), -1, true), 1e-5))), scale);
    };
    const ours = tf.grads((input: tf.Tensor, scale: tf.Tensor) => tf.sum(tf.mul(layerNorm(input, scale, null, 1e-5), dy)))([x, gamma]);
    const reference = tf.grads((input: tf.Tensor, scale: tf.Tensor) => tf.sum(tf.mul(textbook(input, scale), dy)))([x, gamma]);
    ours.forEach((grad, i) => expect(relativeError(grad, reference[i])).toBeLessThan(1e-4));
  });

  it('causal self-attention equals a naive loop over batch, heads and positions (position i sees only j ≤ i)', () => {
    const [batch, length, width, heads] = [2, 5, 8, 2];
    const head = width / heads;
    const x = normal([batch, length, width], 5);
    const qkv = normal([width, 3 * width], 6, 0.3);
    const proj = normal([width, width], 7, 0.3);
    const y = causalSelfAttention(x, { qkvKernel: qkv, qkvBias: null, projKernel: proj, projBias: null }, heads, 0, ForwardRun.evaluation());
    const X = rows(x);
    const W = rows(qkv);
    const P = rows(proj);
    const Y = rows(y);
    for (let b = 0; b < batch; b++) {
      const tokens = X.slice(b * length, (b + 1) * length);
      const projected = tokens.map((row) => Array.from({ length: 3 * width }, (_, o) => row.reduce((s, v, i) => s + v * W[i][o], 0)));
      const mixed = tokens.map(() => new Array<number>(width).fill(0));
      for (let h = 0; h < heads; h++) {
        for (let i = 0; i < length; i++) {
          const scores: number[] = [];
          for (let j = 0; j <= i; j++) {
            let dot = 0;
            for (let d = 0; d < head; d++) dot += projected[i][h * head + d] * projected[j][width + h * head + d];
            scores.push(dot / Math.sqrt(head));
          }
          const top = Math.max(...scores);
          const weights = scores.map((s) => Math.exp(s - top));
          const total = weights.reduce((s, w) => s + w, 0);
          for (let j = 0; j <= i; j++) for (let d = 0; d < head; d++) mixed[i][h * head + d] += (weights[j] / total) * projected[j][2 * width + h * head + d];
        }
      }
      mixed.forEach((row, i) => {
        for (let o = 0; o < width; o++) expect(Math.abs(Y[b * length + i][o] - row.reduce((s, v, k) => s + v * P[k][o], 0))).toBeLessThan(1e-5);
      });
    }
  });

  it('attention gradients (autograd through plainMatMul) match autograd of tf.matMul with transposes', () => {
    const [batch, length, width, heads] = [2, 4, 8, 2];
    const x = normal([batch, length, width], 8);
    const qkv = normal([width, 3 * width], 9, 0.3);
    const proj = normal([width, width], 10, 0.3);
    const dy = normal([batch, length, width], 11);
    const ours = tf.grads((input: tf.Tensor, a: tf.Tensor, p: tf.Tensor) =>
      tf.sum(tf.mul(causalSelfAttention(input, { qkvKernel: a, qkvBias: null, projKernel: p, projBias: null }, heads, 0, ForwardRun.evaluation()), dy)),
    )([x, qkv, proj]);
    const reference = tf.grads((input: tf.Tensor, a: tf.Tensor, p: tf.Tensor) => {
      const [q, k, v] = tf.split(tf.reshape(tf.matMul(tf.reshape(input, [-1, width]), a), [batch, length, 3 * width]), 3, 2);
      const split = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [batch, length, heads, width / heads]), [0, 2, 1, 3]);
      const mask = tf.linalg.bandPart(tf.ones([length, length]), -1, 0);
      const scores = tf.add(tf.div(tf.matMul(split(q), split(k), false, true), Math.sqrt(width / heads)), tf.mul(tf.sub(1, mask), -1e9));
      const mixed = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), split(v)), [0, 2, 1, 3]), [-1, width]);
      return tf.sum(tf.mul(tf.reshape(tf.matMul(mixed, p), [batch, length, width]), dy));
    })([x, qkv, proj]);
    ours.forEach((grad, i) => expect(relativeError(grad, reference[i])).toBeLessThan(1e-4));
  });

  it('embedding gathers rows; its gradient sums dy into each id’s row (no UnsortedSegmentSum on wasm)', () => {
    const table = normal([6, 3], 12);
    const ids = tf.tensor2d([[0, 2, 2], [5, 0, 2]], [2, 3], 'int32');
    expect(rows(embedding(table, ids))[1]).toEqual(rows(table)[2]);
    const dy = normal([2, 3, 3], 13);
    const grad = rows(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embedding(t, ids), dy)))(table));
    const D = rows(dy);
    const expected = Array.from({ length: 6 }, () => [0, 0, 0]);
    [0, 2, 2, 5, 0, 2].forEach((id, n) => D[n].forEach((v, k) => (expected[id][k] += v)));
    grad.forEach((row, id) => row.forEach((v, k) => expect(Math.abs(v - expected[id][k])).toBeLessThan(1e-5)));
  });

  it('dense on sequences is x·kernel on the last axis', () => {
    const x = normal([2, 3, 4], 14);
    const kernel = normal([4, 5], 15);
    expect(relativeError(sequenceDense(x, kernel, null, 'linear'), tf.reshape(tf.matMul(tf.reshape(x, [6, 4]), kernel), [2, 3, 5]))).toBeLessThan(1e-6);
  });

  it('cross-entropy with label smoothing ε: −Σ((1 − ε)·onehot + ε/K)·log softmax, the mean over positions; gradient (softmax − targets)/n', () => {
    const logits = normal([2, 3, 4], 16, 2);
    const targets = tf.tensor2d([[0, 3, 1], [2, 2, 0]], [2, 3], 'int32');
    const T = [0, 3, 1, 2, 2, 0];
    for (const smoothing of [0, 0.1]) {
      let expected = 0;
      const L = rows(logits);
      L.forEach((row, n) => {
        const top = Math.max(...row);
        const logZ = Math.log(row.reduce((s, v) => s + Math.exp(v - top), 0)) + top;
        row.forEach((v, k) => (expected -= ((k === T[n] ? 1 - smoothing : 0) + smoothing / 4) * (v - logZ)));
      });
      expect(Math.abs(sequenceCrossEntropy(logits, targets, smoothing).dataSync()[0] - expected / 6)).toBeLessThan(1e-5);
      const grad = tf.grad((z: tf.Tensor) => sequenceCrossEntropy(z, targets, smoothing))(logits);
      const wanted = tf.add(tf.mul(tf.oneHot(tf.reshape(targets, [-1]), 4), 1 - smoothing), smoothing / 4);
      expect(relativeError(grad, tf.reshape(tf.div(tf.sub(tf.softmax(tf.reshape(logits, [6, 4])), wanted), 6), [2, 3, 4]))).toBeLessThan(1e-5);
    }
  });

  it('dropout and drop_path act in training passes only', () => {
    const x = tf.ones([4, 3, 8]);
    expect(sequenceDropout(x, 0.5, ForwardRun.evaluation())).toBe(x);
    expect(dropPath(x, 0.5, ForwardRun.evaluation())).toBe(x);
    const dropped = Array.from(sequenceDropout(x, 0.5, new ForwardRun(true, 1)).dataSync());
    expect(new Set(dropped)).toEqual(new Set([0, 2]));
    // drop_path: one value per example
    rows(tf.reshape(dropPath(x, 0.5, new ForwardRun(true, 3)), [4, 24])).forEach((row) => expect(new Set(row).size).toBe(1));
  });
});

describe('the update and sampling', () => {
  it('warmupCosine is nanoGPT’s get_lr', () => {
    const expected = [1e-2 / 3, 2e-2 / 3, 1e-2, 1e-3 + 0.5 * 9e-3, 1e-3, 1e-3];
    [0, 1, 2, 6, 10, 11].forEach((step, i) => expect(warmupCosine(step, 1e-2, 2, 10, 1e-3)).toBeCloseTo(expected[i], 12));
  });

  it('clipByGlobalNorm scales every gradient by maxNorm / global norm when above it, leaves them otherwise', () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) };
    expect(Array.from(clipByGlobalNorm(grads, 1).a.dataSync())[0]).toBeCloseTo(3 / 5, 5);
    expect(Array.from(clipByGlobalNorm(grads, 10).b.dataSync())[1]).toBeCloseTo(4, 5);
  });

  it('AdamW groups hold every trainable tensor exactly once; decay shrinks only the decayed group', () => {
    const params = { w: tf.variable(tf.ones([2, 2])), g: tf.variable(tf.ones([2])) };
    const groups = weightDecayGroups(params, ['g'], 0.5);
    expect(groups.map((group) => group.ids)).toEqual([['w'], ['g']]);
    expect(() => weightDecayGroups(params, ['nope'], 0.5)).toThrow(/names no parameter/);
    expect(() => new GroupedAdamW(params, [{ weightDecay: 0, ids: ['w'] }], { beta1: 0.9, beta2: 0.99, epsilon: 1e-8 })).toThrow(/no decay group: g/);
    const optimizer = new GroupedAdamW(params, groups, { beta1: 0.9, beta2: 0.99, epsilon: 1e-8 });
    optimizer.step({ w: tf.zeros([2, 2]), g: tf.zeros([2]) }, 0.1);
    expect(params.w.dataSync()[0]).toBeCloseTo(1 - 0.1 * 0.5, 6);
    expect(params.g.dataSync()[0]).toBe(1);
  });

  it('drawToken keeps to the top k and follows the temperature', () => {
    let state = 1;
    const random = () => ((state = (state * 16807) % 2147483647) / 2147483647);
    const logits = new Float32Array([0, 5, 4, -1, 3]);
    const drawn = new Set(Array.from({ length: 200 }, () => drawToken(logits, 1, 2, random)));
    expect(drawn).toEqual(new Set([1, 2]));
    expect(new Set(Array.from({ length: 50 }, () => drawToken(logits, 1e-3, null, random)))).toEqual(new Set([1]));
  });
});
