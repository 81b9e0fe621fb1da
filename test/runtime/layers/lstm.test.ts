/**
 * The lstm layer of src/runtime/graph/lstm.ts (wasm, the backend generated scripts run on) against
 * independent computations: the forward against a loop in doubles over the textbook equations (gates
 * i, f, c, o in Keras's column order), and its written-out backpropagation through time against tfjs
 * autograd through the same equations as tensor ops; stacking, dropout between layers (training
 * passes only), the last state, and the orthogonal and unit-forget-bias initializers.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LstmWeights, lstm, lstmLayer } from '../../../src/runtime/graph/lstm.js';
import { ForwardRun } from '../../../src/runtime/graph/sequence-layers.js';
import { orthogonalInit, unitForgetBiasInit } from '../../../src/runtime/initializers.js';
import { normal, relativeError, useBackend } from './gradient-check.js';

beforeAll(() => useBackend('wasm'));
afterAll(() => useBackend('cpu'));

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The equations in doubles, one example at a time: every h(t) [length][units]. */
function referenceForward(x: number[][], kernel: number[][], recurrent: number[][], bias: number[]): number[][] {
  const units = recurrent.length;
  let h = new Array<number>(units).fill(0);
  let c = new Array<number>(units).fill(0);
  return x.map((xt) => {
    const z = bias.map((b, k) => b + xt.reduce((s, v, i) => s + v * kernel[i][k], 0) + h.reduce((s, v, i) => s + v * recurrent[i][k], 0));
    const gate = (slot: number, j: number) => z[slot * units + j];
    c = c.map((cj, j) => sigmoid(gate(1, j)) * cj + sigmoid(gate(0, j)) * Math.tanh(gate(2, j)));
    h = c.map((cj, j) => sigmoid(gate(3, j)) * Math.tanh(cj));
    return h;
  });
}

/** The same equations as tensor ops, for tfjs autograd. */
function autogradLayer(x: tf.Tensor, w: LstmWeights): tf.Tensor {
  const [batch, length] = x.shape as [number, number, number];
  const units = w.recurrentKernel.shape[0]!;
  let h: tf.Tensor = tf.zeros([batch, units]);
  let c: tf.Tensor = tf.zeros([batch, units]);
  const outputs: tf.Tensor[] = [];
  for (let t = 0; t < length; t++) {
    const xt = tf.reshape(tf.slice(x, [0, t, 0], [batch, 1, x.shape[2]!]), [batch, x.shape[2]!]);
    const z = tf.add(tf.add(tf.matMul(xt, w.kernel), tf.matMul(h, w.recurrentKernel)), w.bias);
    const [zi, zf, zc, zo] = tf.split(z, 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zc)));
    h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
    outputs.push(h);
  }
  return tf.stack(outputs, 1);
}

/** normal(shape, seed, stddev): each tensor from its own seed. */
const weights = (features: number, units: number, seed: number, scale = 0.4): LstmWeights => ({
  kernel: normal([features, 4 * units], seed, scale),
  recurrentKernel: normal([units, 4 * units], seed + 1, scale),
  bias: normal([4 * units], seed + 2, scale),
});

const matrix = (t: tf.Tensor): number[][] => {
  const [rows, cols] = t.shape as [number, number];
  const values = Array.from(t.dataSync());
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols));
};

describe('lstm (wasm) against independent computations', () => {
  it('the forward is the LSTM equations with gates (i, f, c, o): a loop in doubles agrees to 1e-5', () => {
    const [batch, length, features, units] = [3, 7, 5, 4];
    const x = normal([batch, length, features], 1);
    const w = weights(features, units, 2);
    const y = lstmLayer(x, w);
    expect(y.shape).toEqual([batch, length, units]);
    const values = y.arraySync() as number[][][];
    const xs = x.arraySync() as number[][][];
    for (let b = 0; b < batch; b++) {
      const expected = referenceForward(xs[b], matrix(w.kernel), matrix(w.recurrentKernel), Array.from(w.bias.dataSync()));
      expected.forEach((row, t) => row.forEach((v, j) => expect(Math.abs(values[b][t][j] - v)).toBeLessThan(1e-5)));
    }
  });

  it('the written-out backpropagation through time equals autograd through the same equations (x, kernel, recurrent kernel, bias)', () => {
    const [batch, length, features, units] = [4, 9, 6, 5];
    const x = normal([batch, length, features], 5);
    const w = weights(features, units, 6);
    // A loss that weighs every position and unit differently, so every output gradient is distinct.
    const probe = normal([batch, length, units], 9);
    const loss = (layer: (x: tf.Tensor, w: LstmWeights) => tf.Tensor) => (xs: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(layer(xs, { kernel: k, recurrentKernel: r, bias: b }), probe)) as tf.Scalar;
    const ours = tf.grads(loss(lstmLayer))([x, w.kernel, w.recurrentKernel, w.bias]);
    const reference = tf.grads(loss(autogradLayer))([x, w.kernel, w.recurrentKernel, w.bias]);
    ours.forEach((gradient, i) => expect(relativeError(gradient, reference[i]), `gradient ${i}`).toBeLessThan(1e-5));
    expect(relativeError(lstmLayer(x, w), autogradLayer(x, w))).toBeLessThan(1e-5);
  });

  it('stacks layers (the second reads the first’s h), returns the last state without return_sequences, drops between layers only in training', () => {
    const [batch, length, features, units] = [2, 5, 3, 4];
    const x = normal([batch, length, features], 10);
    const stack = [weights(features, units, 11), weights(units, units, 14)];
    const expected = lstmLayer(lstmLayer(x, stack[0]), stack[1]);
    expect(relativeError(lstm(x, stack, true, 0.5, ForwardRun.evaluation()), expected)).toBeLessThan(1e-6);
    const last = lstm(x, stack, false, 0, ForwardRun.evaluation());
    expect(last.shape).toEqual([batch, units]);
    expect(relativeError(last, tf.reshape(tf.slice(expected, [0, length - 1, 0], [batch, 1, units]), [batch, units]))).toBeLessThan(1e-6);
    // Training with dropout: the first layer's output is masked, so the result differs; one layer: nothing to drop.
    const dropped = lstm(x, stack, true, 0.5, new ForwardRun(true, 7));
    expect(relativeError(dropped, expected)).toBeGreaterThan(1e-2);
    expect(relativeError(lstm(x, [stack[0]], true, 0.5, new ForwardRun(true, 7)), lstmLayer(x, stack[0]))).toBeLessThan(1e-6);
  });

  it('orthogonal: [units, 4·units] has orthonormal rows, [8, 3] orthonormal columns, times gain; unit_forget_bias is ones on [units, 2·units)', () => {
    const gram = (m: tf.Tensor) => tf.matMul(m, tf.transpose(m));
    const wide = orthogonalInit([4, 16], 1, 11);
    expect(relativeError(gram(wide), tf.eye(4))).toBeLessThan(1e-5);
    const tall = orthogonalInit([8, 3], 2, 12);
    expect(relativeError(tf.matMul(tf.transpose(tall), tall), tf.mul(tf.eye(3), 4))).toBeLessThan(1e-5);
    // Different seeds, different matrices; the same seed, the same.
    expect(relativeError(orthogonalInit([4, 16], 1, 13), wide)).toBeGreaterThan(0.1);
    expect(relativeError(orthogonalInit([4, 16], 1, 11), wide)).toBe(0);
    expect(Array.from(unitForgetBiasInit([12], 3).dataSync())).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });
});
