/**
 * Bidirectional lstm and gru stacks (src/runtime/graph/bidirectional.ts, wasm) against independent
 * computations: the forward against the cells' equations in doubles, the backward direction as a loop
 * that walks the positions from the last to the first (no reversal of tensors); the last state without
 * return_sequences (forward h at the last position, backward h at position 0: Keras's Bidirectional and
 * PyTorch's h_n); gradients of the input and every weight against tfjs autograd through the equations
 * written as tensor ops with the same backwards loop; dropout between stacked layers in training only.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bidirectional, bidirectionalGru, bidirectionalLstm } from '../../../src/runtime/graph/bidirectional.js';
import type { GruWeights } from '../../../src/runtime/graph/gru.js';
import type { LstmWeights } from '../../../src/runtime/graph/lstm.js';
import { ForwardRun } from '../../../src/runtime/graph/sequence-layers.js';
import { normal, relativeError, useBackend } from './gradient-check.js';

beforeAll(() => useBackend('wasm'));
afterAll(() => useBackend('cpu'));

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
type Step = (xt: number[], h: number[], state: number[]) => [number[], number[]];

const matrix = (t: tf.Tensor): number[][] => {
  const [rows, cols] = t.shape as [number, number];
  const values = Array.from(t.dataSync());
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols));
};
const dot = (v: number[], m: number[][], k: number) => v.reduce((s, value, i) => s + value * m[i][k], 0);

/** One LSTM step in doubles (gates i, f, c, o); state is c. */
function lstmStep(w: LstmWeights): Step {
  const [kernel, recurrent, bias] = [matrix(w.kernel), matrix(w.recurrentKernel), Array.from(w.bias.dataSync())];
  const units = recurrent.length;
  return (xt, h, c) => {
    const z = bias.map((b, k) => b + dot(xt, kernel, k) + dot(h, recurrent, k));
    const next = c.map((cj, j) => sigmoid(z[units + j]) * cj + sigmoid(z[j]) * Math.tanh(z[2 * units + j]));
    return [next.map((cj, j) => sigmoid(z[3 * units + j]) * Math.tanh(cj)), next];
  };
}

/** One GRU step in doubles (Keras reset_after=True, gates z, r, h). */
function gruStep(w: GruWeights): Step {
  const [kernel, recurrent] = [matrix(w.kernel), matrix(w.recurrentKernel)];
  const [bias, recurrentBias] = [Array.from(w.bias.dataSync()), Array.from(w.recurrentBias.dataSync())];
  const units = recurrent.length;
  return (xt, h, state) => {
    const xh = bias.map((b, k) => b + dot(xt, kernel, k));
    const hh = recurrentBias.map((b, k) => b + dot(h, recurrent, k));
    const next = h.map((previous, j) => {
      const z = sigmoid(xh[j] + hh[j]);
      const r = sigmoid(xh[units + j] + hh[units + j]);
      return z * previous + (1 - z) * Math.tanh(xh[2 * units + j] + r * hh[2 * units + j]);
    });
    return [next, state];
  };
}

/** One bidirectional layer over one example in doubles: every position's [forward h, backward h]. */
function referenceLayer(x: number[][], units: number, forward: Step, backward: Step): number[][] {
  const run = (step: Step, order: number[]) => {
    const out: number[][] = new Array(x.length);
    let [h, state] = [new Array<number>(units).fill(0), new Array<number>(units).fill(0)];
    for (const t of order) {
      [h, state] = step(x[t], h, state);
      out[t] = h;
    }
    return out;
  };
  const positions = x.map((_, t) => t);
  const ahead = run(forward, positions);
  const behind = run(backward, [...positions].reverse());
  return x.map((_, t) => [...ahead[t], ...behind[t]]);
}

/** The LSTM equations as tensor ops over the positions in `order`, every h at its position: for autograd. */
function autogradLstm(x: tf.Tensor, w: LstmWeights, order: number[]): tf.Tensor {
  const [batch, , features] = x.shape as [number, number, number];
  const units = w.recurrentKernel.shape[0]!;
  let h: tf.Tensor = tf.zeros([batch, units]);
  let c: tf.Tensor = tf.zeros([batch, units]);
  const outputs: tf.Tensor[] = new Array(order.length);
  for (const t of order) {
    const xt = tf.reshape(tf.slice(x, [0, t, 0], [batch, 1, features]), [batch, features]);
    const [zi, zf, zc, zo] = tf.split(tf.add(tf.add(tf.matMul(xt, w.kernel), tf.matMul(h, w.recurrentKernel)), w.bias), 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zc)));
    h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
    outputs[t] = h;
  }
  return tf.stack(outputs, 1);
}

function autogradGru(x: tf.Tensor, w: GruWeights, order: number[]): tf.Tensor {
  const [batch, , features] = x.shape as [number, number, number];
  const units = w.recurrentKernel.shape[0]!;
  let h: tf.Tensor = tf.zeros([batch, units]);
  const outputs: tf.Tensor[] = new Array(order.length);
  for (const t of order) {
    const xt = tf.reshape(tf.slice(x, [0, t, 0], [batch, 1, features]), [batch, features]);
    const [xz, xr, xh] = tf.split(tf.add(tf.matMul(xt, w.kernel), w.bias), 3, 1);
    const [hz, hr, hh] = tf.split(tf.add(tf.matMul(h, w.recurrentKernel), w.recurrentBias), 3, 1);
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tf.tanh(tf.add(xh, tf.mul(tf.sigmoid(tf.add(xr, hr)), hh)));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n));
    outputs[t] = h;
  }
  return tf.stack(outputs, 1);
}

const lstmWeights = (features: number, units: number, seed: number, scale = 0.4): LstmWeights => ({
  kernel: normal([features, 4 * units], seed, scale),
  recurrentKernel: normal([units, 4 * units], seed + 1, scale),
  bias: normal([4 * units], seed + 2, scale),
});
const gruWeights = (features: number, units: number, seed: number, scale = 0.4): GruWeights => ({
  kernel: normal([features, 3 * units], seed, scale),
  recurrentKernel: normal([units, 3 * units], seed + 1, scale),
  bias: normal([3 * units], seed + 2, scale),
  recurrentBias: normal([3 * units], seed + 3, scale),
});

interface Case<W> {
  name: string;
  weights: (features: number, units: number, seed: number) => W;
  stack: (x: tf.Tensor, layers: Bidirectional<W>[], returnSequences: boolean, dropout: number, run: ForwardRun) => tf.Tensor;
  step: (w: W) => Step;
  autograd: (x: tf.Tensor, w: W, order: number[]) => tf.Tensor;
  tensors: (w: W) => tf.Tensor[];
  rebuild: (tensors: tf.Tensor[]) => W;
}

const cases: [Case<LstmWeights>, Case<GruWeights>] = [
  {
    name: 'lstm',
    weights: lstmWeights,
    stack: bidirectionalLstm,
    step: lstmStep,
    autograd: autogradLstm,
    tensors: (w) => [w.kernel, w.recurrentKernel, w.bias],
    rebuild: ([kernel, recurrentKernel, bias]) => ({ kernel, recurrentKernel, bias }),
  },
  {
    name: 'gru',
    weights: gruWeights,
    stack: bidirectionalGru,
    step: gruStep,
    autograd: autogradGru,
    tensors: (w) => [w.kernel, w.recurrentKernel, w.bias, w.recurrentBias],
    rebuild: ([kernel, recurrentKernel, bias, recurrentBias]) => ({ kernel, recurrentKernel, bias, recurrentBias }),
  },
];

describe.each(cases as Case<unknown>[])('bidirectional $name (wasm) against independent computations', (c) => {
  const [batch, length, features, units] = [3, 6, 4, 5];
  const layers = (seed: number) => [
    { forward: c.weights(features, units, seed), backward: c.weights(features, units, seed + 10) },
    // the second layer reads both directions of the first: 2·units inputs
    { forward: c.weights(2 * units, units, seed + 20), backward: c.weights(2 * units, units, seed + 30) },
  ];

  it('two stacked layers: every position is [forward h, backward h] of the equations in doubles; the last state is forward h(T−1), backward h(0)', () => {
    const x = normal([batch, length, features], 1);
    const stack = layers(2);
    const y = c.stack(x, stack, true, 0.5, ForwardRun.evaluation());
    expect(y.shape).toEqual([batch, length, 2 * units]);
    const values = y.arraySync() as number[][][];
    const xs = x.arraySync() as number[][][];
    const expected = xs.map((example) =>
      stack.reduce((input, l) => referenceLayer(input, units, c.step(l.forward), c.step(l.backward)), example),
    );
    expected.forEach((rows, b) => rows.forEach((row, t) => row.forEach((v, j) => expect(Math.abs(values[b][t][j] - v)).toBeLessThan(1e-5))));
    const last = c.stack(x, stack, false, 0, ForwardRun.evaluation());
    expect(last.shape).toEqual([batch, 2 * units]);
    const lastValues = last.arraySync() as number[][];
    expected.forEach((rows, b) => {
      const want = [...rows[length - 1].slice(0, units), ...rows[0].slice(units)];
      want.forEach((v, j) => expect(Math.abs(lastValues[b][j] - v)).toBeLessThan(1e-5));
    });
  });

  it('gradients of the input and of both directions’ weights equal autograd through the equations (backward direction: a loop from the last position)', () => {
    const x = normal([batch, length, features], 5);
    const [l] = layers(6);
    const probe = normal([batch, 2 * units], 9);
    const forwardOrder = Array.from({ length }, (_, t) => t);
    const backwardOrder = [...forwardOrder].reverse();
    const count = c.tensors(l.forward).length;
    const split = (tensors: tf.Tensor[]) => ({ forward: c.rebuild(tensors.slice(0, count)), backward: c.rebuild(tensors.slice(count)) });
    // Through the last state (forward h at T−1, backward h at 0), so the two directions meet in one loss.
    const ours = (xs: tf.Tensor, ...weights: tf.Tensor[]) => tf.sum(tf.mul(c.stack(xs, [split(weights)], false, 0, ForwardRun.evaluation()), probe)) as tf.Scalar;
    const reference = (xs: tf.Tensor, ...weights: tf.Tensor[]) => {
      const { forward, backward } = split(weights);
      const ahead = c.autograd(xs, forward, forwardOrder);
      const behind = c.autograd(xs, backward, backwardOrder);
      const last = tf.concat(
        [tf.reshape(tf.slice(ahead, [0, length - 1, 0], [batch, 1, units]), [batch, units]), tf.reshape(tf.slice(behind, [0, 0, 0], [batch, 1, units]), [batch, units])],
        1,
      );
      return tf.sum(tf.mul(last, probe)) as tf.Scalar;
    };
    const inputs = [x, ...c.tensors(l.forward), ...c.tensors(l.backward)];
    const got = tf.grads(ours as (...a: tf.Tensor[]) => tf.Scalar)(inputs);
    const want = tf.grads(reference as (...a: tf.Tensor[]) => tf.Scalar)(inputs);
    got.forEach((gradient, i) => expect(relativeError(gradient, want[i]), `gradient ${i}`).toBeLessThan(1e-5));
    // every backward weight receives a gradient (the reversed direction is trained)
    for (const gradient of got.slice(1 + count)) expect(tf.max(tf.abs(gradient)).dataSync()[0]).toBeGreaterThan(1e-4);
  });

  it('dropout between the stacked layers acts in training passes only', () => {
    const x = normal([batch, length, features], 10);
    const stack = layers(11);
    const evaluation = c.stack(x, stack, true, 0.5, ForwardRun.evaluation());
    expect(relativeError(c.stack(x, stack, true, 0.5, new ForwardRun(true, 7)), evaluation)).toBeGreaterThan(1e-2);
    expect(relativeError(c.stack(x, stack, true, 0, new ForwardRun(true, 7)), evaluation)).toBeLessThan(1e-6);
  });
});
