/**
 * The gru layer of src/runtime/graph/gru.ts (wasm) against independent computations: the forward
 * against Keras's reset_after=True equations in doubles (gates z, r, h; the reset gate multiplies
 * h(t−1)·R + b'), its written-out backpropagation through time against tfjs autograd through the same
 * equations as tensor ops, and stacking with dropout between layers in training passes only.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GruWeights, gru, gruLayer } from '../../../src/runtime/graph/gru.js';
import { ForwardRun } from '../../../src/runtime/graph/sequence-layers.js';
import { normal, relativeError, useBackend } from './gradient-check.js';

beforeAll(() => useBackend('wasm'));
afterAll(() => useBackend('cpu'));

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The equations in doubles for one example: every h(t). */
function referenceForward(x: number[][], w: { kernel: number[][]; recurrent: number[][]; bias: number[]; recurrentBias: number[] }): number[][] {
  const units = w.recurrent.length;
  let h = new Array<number>(units).fill(0);
  return x.map((xt) => {
    const xh = w.bias.map((b, k) => b + xt.reduce((s, v, i) => s + v * w.kernel[i][k], 0));
    const hh = w.recurrentBias.map((b, k) => b + h.reduce((s, v, i) => s + v * w.recurrent[i][k], 0));
    h = h.map((previous, j) => {
      const z = sigmoid(xh[j] + hh[j]);
      const r = sigmoid(xh[units + j] + hh[units + j]);
      const n = Math.tanh(xh[2 * units + j] + r * hh[2 * units + j]);
      return z * previous + (1 - z) * n;
    });
    return h;
  });
}

/** The same equations as tensor ops, for tfjs autograd. */
function autogradLayer(x: tf.Tensor, w: GruWeights): tf.Tensor {
  const [batch, length, features] = x.shape as [number, number, number];
  const units = w.recurrentKernel.shape[0]!;
  let h: tf.Tensor = tf.zeros([batch, units]);
  const outputs: tf.Tensor[] = [];
  for (let t = 0; t < length; t++) {
    const xt = tf.reshape(tf.slice(x, [0, t, 0], [batch, 1, features]), [batch, features]);
    const [xz, xr, xh] = tf.split(tf.add(tf.matMul(xt, w.kernel), w.bias), 3, 1);
    const [hz, hr, hh] = tf.split(tf.add(tf.matMul(h, w.recurrentKernel), w.recurrentBias), 3, 1);
    const z = tf.sigmoid(tf.add(xz, hz));
    const r = tf.sigmoid(tf.add(xr, hr));
    const n = tf.tanh(tf.add(xh, tf.mul(r, hh)));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n));
    outputs.push(h);
  }
  return tf.stack(outputs, 1);
}

const weights = (features: number, units: number, seed: number, scale = 0.4): GruWeights => ({
  kernel: normal([features, 3 * units], seed, scale),
  recurrentKernel: normal([units, 3 * units], seed + 1, scale),
  bias: normal([3 * units], seed + 2, scale),
  recurrentBias: normal([3 * units], seed + 3, scale),
});

const matrix = (t: tf.Tensor): number[][] => {
  const [rows, cols] = t.shape as [number, number];
  const values = Array.from(t.dataSync());
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols));
};

describe('gru (wasm) against independent computations', () => {
  it('the forward is the reset_after GRU equations with gates (z, r, h): a loop in doubles agrees to 1e-5', () => {
    const [batch, length, features, units] = [3, 7, 5, 4];
    const x = normal([batch, length, features], 21);
    const w = weights(features, units, 22);
    const values = gruLayer(x, w).arraySync() as number[][][];
    const xs = x.arraySync() as number[][][];
    const plain = { kernel: matrix(w.kernel), recurrent: matrix(w.recurrentKernel), bias: Array.from(w.bias.dataSync()), recurrentBias: Array.from(w.recurrentBias.dataSync()) };
    for (let b = 0; b < batch; b++) {
      referenceForward(xs[b], plain).forEach((row, t) => row.forEach((v, j) => expect(Math.abs(values[b][t][j] - v)).toBeLessThan(1e-5)));
    }
  });

  it('the written-out backpropagation through time equals autograd (x, kernel, recurrent kernel, both biases)', () => {
    const [batch, length, features, units] = [4, 9, 6, 5];
    const x = normal([batch, length, features], 31);
    const w = weights(features, units, 32);
    const probe = normal([batch, length, units], 39);
    const loss = (layer: (x: tf.Tensor, w: GruWeights) => tf.Tensor) => (xs: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor, rb: tf.Tensor) =>
      tf.sum(tf.mul(layer(xs, { kernel: k, recurrentKernel: r, bias: b, recurrentBias: rb }), probe)) as tf.Scalar;
    const inputs = [x, w.kernel, w.recurrentKernel, w.bias, w.recurrentBias];
    const ours = tf.grads(loss(gruLayer))(inputs);
    const reference = tf.grads(loss(autogradLayer))(inputs);
    ours.forEach((gradient, i) => expect(relativeError(gradient, reference[i]), `gradient ${i}`).toBeLessThan(1e-5));
  });

  it('stacks layers, returns the last state without return_sequences, drops between layers only in training', () => {
    const [batch, length, features, units] = [2, 5, 3, 4];
    const x = normal([batch, length, features], 41);
    const stack = [weights(features, units, 42), weights(units, units, 46)];
    const expected = gruLayer(gruLayer(x, stack[0]), stack[1]);
    expect(relativeError(gru(x, stack, true, 0.5, ForwardRun.evaluation()), expected)).toBeLessThan(1e-6);
    const last = gru(x, stack, false, 0, ForwardRun.evaluation());
    expect(relativeError(last, tf.reshape(tf.slice(expected, [0, length - 1, 0], [batch, 1, units]), [batch, units]))).toBeLessThan(1e-6);
    expect(relativeError(gru(x, stack, true, 0.5, new ForwardRun(true, 7)), expected)).toBeGreaterThan(1e-2);
  });
});
