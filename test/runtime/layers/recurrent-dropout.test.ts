/**
 * The TypeScript target's weight drop and embedding row dropout (src/runtime/graph/stochastic.ts) on
 * wasm: DropConnect on an lstm's recurrent kernel — the forward equals the lstm given kernel ⊙ mask,
 * the variable's gradient is that lstm's times the mask (fastai PR #427), no mask at evaluation
 * (awd-lstm-lm #72), a fresh mask per pass, the variable never written (Better_LSTM_PyTorch #7) — and
 * whole embedding rows dropped wherever their token appears; and variational dropout (Gal & Ghahramani
 * 2016) in the written-out backward through time against autograd through the masked equations.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gru, type GruWeights } from '../../../src/runtime/graph/gru.js';
import { lstm, type LstmWeights } from '../../../src/runtime/graph/lstm.js';
import { embedding, ForwardRun } from '../../../src/runtime/graph/sequence-layers.js';
import { rowDropout, weightDropped } from '../../../src/runtime/graph/stochastic.js';
import { dropoutMaskValues } from '../../../src/runtime/layers/dropout.js';
import { normal, useBackend } from './gradient-check.js';

beforeAll(() => useBackend('wasm'));
afterAll(() => useBackend('cpu'));

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
const batch = 3;
const length = 5;
const features = 4;
const units = 6;

describe('weight_drop on the TypeScript target', () => {
  const x = normal([batch, length, features], 11, 1);
  const probe = normal([batch, length, units], 12, 1);
  const lstmWeights: LstmWeights = {
    kernel: tf.variable(normal([features, 4 * units], 13, 0.4)),
    recurrentKernel: tf.variable(normal([units, 4 * units], 14, 0.4)),
    bias: tf.variable(normal([4 * units], 15, 0.1)),
  };

  it('lstm: the forward is the lstm given R ⊙ mask (values 0 or 1/(1 − p)); the raw variable gets that gradient times the mask; its data unchanged', () => {
    const before = lstmWeights.recurrentKernel.dataSync().slice();
    // The mask the pass draws: the first mask of a run with this seed (dropout 0 between layers draws none).
    const mask = weightDropped(tf.onesLike(lstmWeights.recurrentKernel), 0.5, new ForwardRun(true, 7));
    expect([...new Set(mask.dataSync())].sort()).toEqual([0, 2]);
    const dropped = lstm(x, [lstmWeights], true, 0, new ForwardRun(true, 7), { weightDrop: 0.5 });
    const masked = tf.mul(lstmWeights.recurrentKernel, mask);
    expect(maxDiff(dropped, lstm(x, [{ ...lstmWeights, recurrentKernel: masked }], true, 0, ForwardRun.evaluation()))).toBeLessThan(1e-6);
    const raw = tf.grad((r: tf.Tensor) => tf.sum(tf.mul(probe, lstm(x, [{ ...lstmWeights, recurrentKernel: r }], true, 0, new ForwardRun(true, 7), { weightDrop: 0.5 }))))(lstmWeights.recurrentKernel);
    const throughMasked = tf.grad((r: tf.Tensor) => tf.sum(tf.mul(probe, lstm(x, [{ ...lstmWeights, recurrentKernel: r }], true, 0, ForwardRun.evaluation()))))(masked);
    expect(tf.sum(tf.abs(raw)).dataSync()[0]).toBeGreaterThan(0);
    expect(maxDiff(raw, tf.mul(throughMasked, mask))).toBeLessThan(1e-5);
    expect(lstmWeights.recurrentKernel.dataSync()).toEqual(before);
  });

  it('lstm: no mask at evaluation; a fresh mask per training pass', () => {
    const plain = lstm(x, [lstmWeights], true, 0, ForwardRun.evaluation());
    expect(maxDiff(lstm(x, [lstmWeights], true, 0, ForwardRun.evaluation(), { weightDrop: 0.5 }), plain)).toBe(0);
    const a = weightDropped(lstmWeights.recurrentKernel, 0.5, new ForwardRun(true, 7));
    const b = weightDropped(lstmWeights.recurrentKernel, 0.5, new ForwardRun(true, 8));
    expect(maxDiff(a, b)).toBeGreaterThan(0);
  });

  it('gru: the same placement on its recurrent kernel', () => {
    const weights: GruWeights = {
      kernel: normal([features, 3 * units], 21, 0.4),
      recurrentKernel: normal([units, 3 * units], 22, 0.4),
      bias: normal([3 * units], 23, 0.1),
      recurrentBias: normal([3 * units], 24, 0.1),
    };
    const mask = weightDropped(tf.onesLike(weights.recurrentKernel), 0.3, new ForwardRun(true, 9));
    const dropped = gru(x, [weights], true, 0, new ForwardRun(true, 9), { weightDrop: 0.3 });
    expect(maxDiff(dropped, gru(x, [{ ...weights, recurrentKernel: tf.mul(weights.recurrentKernel, mask) }], true, 0, ForwardRun.evaluation()))).toBeLessThan(1e-6);
    expect(maxDiff(gru(x, [weights], true, 0, ForwardRun.evaluation(), { weightDrop: 0.3 }), gru(x, [weights], true, 0, ForwardRun.evaluation()))).toBe(0);
  });
});

describe('row_dropout on the TypeScript target', () => {
  it('zeroes whole rows wherever their token appears, keeps the others × 1/(1 − p); gradient only to kept rows; none at evaluation', () => {
    const vocabulary = 30;
    const width = 3;
    const table = tf.variable(normal([vocabulary, width], 31, 1));
    const ids = tf.tensor2d(Array.from({ length: 4 * 25 }, (_, i) => (i * 7) % vocabulary), [4, 25], 'int32');
    const out = embedding(rowDropout(table, 0.5, new ForwardRun(true, 3)), ids).arraySync() as number[][][];
    const rows = table.arraySync() as number[][];
    const idList = ids.arraySync() as number[][];
    const kept = new Map<number, boolean>();
    let consistent = true;
    idList.forEach((row, b) =>
      row.forEach((id, t) => {
        const v = out[b]![t]!;
        const isKept = v.some((value) => value !== 0);
        if (kept.has(id) && kept.get(id) !== isKept) consistent = false;
        kept.set(id, isKept);
        if (isKept) v.forEach((value, k) => expect(value).toBeCloseTo(2 * rows[id]![k]!, 5));
      }),
    );
    expect(consistent).toBe(true);
    expect([...kept.values()].filter((k) => !k).length).toBeGreaterThan(3);
    expect([...kept.values()].filter((k) => k).length).toBeGreaterThan(3);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(embedding(rowDropout(t, 0.5, new ForwardRun(true, 3)), ids)))(table).arraySync() as number[][];
    for (const [id, isKept] of kept) expect(grad[id]!.every((g) => (isKept ? g > 0 : g === 0))).toBe(true);
    expect(maxDiff(embedding(rowDropout(table, 0.5, ForwardRun.evaluation()), ids), embedding(table, ids))).toBe(0);
  });
});

/** The masks a training pass with this seed draws for layer 0 (no dropout between layers, no weight drop): input, then h(t−1). */
function passMasks(seed: number, inputRate: number, recurrentRate: number, inputs: number): { input: tf.Tensor; recurrent: tf.Tensor } {
  const run = new ForwardRun(true, seed);
  const input = tf.tensor3d(dropoutMaskValues(batch * inputs, inputRate, run.maskSeed()), [batch, 1, inputs]);
  const recurrent = tf.tensor2d(dropoutMaskValues(batch * units, recurrentRate, run.maskSeed()), [batch, units]);
  return { input, recurrent };
}

const sig = (z: tf.Tensor) => tf.sigmoid(z);
const cols = (z: tf.Tensor, block: number) => tf.slice(z, [0, block * units], [batch, units]);

/** The lstm with Gal's masks as tensor ops (autograd): z = (x(t)⊙m_x)·K + (h(t−1)⊙m_h)·R + b. */
function autogradLstm(x: tf.Tensor, w: LstmWeights, mx: tf.Tensor, mh: tf.Tensor): tf.Tensor {
  const xm = tf.mul(x, mx);
  let h: tf.Tensor = tf.zeros([batch, units]);
  let c: tf.Tensor = tf.zeros([batch, units]);
  const outputs: tf.Tensor[] = [];
  for (let t = 0; t < length; t++) {
    const xt = tf.reshape(tf.slice(xm, [0, t, 0], [batch, 1, features]), [batch, features]);
    const z = tf.add(tf.add(tf.matMul(xt, w.kernel as tf.Tensor2D), tf.matMul(tf.mul(h, mh) as tf.Tensor2D, w.recurrentKernel as tf.Tensor2D)), w.bias);
    c = tf.add(tf.mul(sig(cols(z, 1)), c), tf.mul(sig(cols(z, 0)), tf.tanh(cols(z, 2))));
    h = tf.mul(sig(cols(z, 3)), tf.tanh(c));
    outputs.push(h);
  }
  return tf.stack(outputs, 1);
}

/** The gru (Keras order z, r, h; reset_after) with Gal's masks: ĥ = (h(t−1)⊙m_h)·R + b', the update with h(t−1) unmasked. */
function autogradGru(x: tf.Tensor, w: GruWeights, mx: tf.Tensor, mh: tf.Tensor): tf.Tensor {
  const xm = tf.mul(x, mx);
  let h: tf.Tensor = tf.zeros([batch, units]);
  const outputs: tf.Tensor[] = [];
  for (let t = 0; t < length; t++) {
    const xt = tf.reshape(tf.slice(xm, [0, t, 0], [batch, 1, features]), [batch, features]);
    const xh = tf.add(tf.matMul(xt, w.kernel as tf.Tensor2D), w.bias);
    const hh = tf.add(tf.matMul(tf.mul(h, mh) as tf.Tensor2D, w.recurrentKernel as tf.Tensor2D), w.recurrentBias);
    const z = sig(tf.add(cols(xh, 0), cols(hh, 0)));
    const r = sig(tf.add(cols(xh, 1), cols(hh, 1)));
    const n = tf.tanh(tf.add(cols(xh, 2), tf.mul(r, cols(hh, 2))));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n));
    outputs.push(h);
  }
  return tf.stack(outputs, 1);
}

describe('input_dropout and recurrent_dropout on the TypeScript target (Gal & Ghahramani 2016)', () => {
  const x = normal([batch, length, features], 41, 1);
  const probe = normal([batch, length, units], 42, 1);
  const lstmWeights: LstmWeights = { kernel: normal([features, 4 * units], 43, 0.4), recurrentKernel: normal([units, 4 * units], 44, 0.4), bias: normal([4 * units], 45, 0.1) };
  const gruWeights: GruWeights = {
    kernel: normal([features, 3 * units], 46, 0.4),
    recurrentKernel: normal([units, 3 * units], 47, 0.4),
    bias: normal([3 * units], 48, 0.1),
    recurrentBias: normal([3 * units], 49, 0.1),
  };
  const placements = { inputDropout: 0.4, recurrentDropout: 0.5 };

  for (const [name, cell, reference, weights] of [
    ['lstm', lstm, autogradLstm, lstmWeights],
    ['gru', gru, autogradGru, gruWeights],
  ] as const) {
    it(`${name}: the forward and the written-out gradients (x, kernel, recurrent kernel, biases) equal autograd through the masked equations`, () => {
      const { input, recurrent } = passMasks(5, 0.4, 0.5, features);
      const run = (...args: tf.Tensor[]) => {
        const w = name === 'lstm' ? { kernel: args[1]!, recurrentKernel: args[2]!, bias: args[3]! } : { kernel: args[1]!, recurrentKernel: args[2]!, bias: args[3]!, recurrentBias: args[4]! };
        return (cell as (x: tf.Tensor, l: never[], r: boolean, d: number, run: ForwardRun, p: object) => tf.Tensor)(args[0]!, [w as never], true, 0, new ForwardRun(true, 5), placements);
      };
      const ref = (...args: tf.Tensor[]) => {
        const w = name === 'lstm' ? { kernel: args[1]!, recurrentKernel: args[2]!, bias: args[3]! } : { kernel: args[1]!, recurrentKernel: args[2]!, bias: args[3]!, recurrentBias: args[4]! };
        return (reference as (x: tf.Tensor, w: never, mx: tf.Tensor, mh: tf.Tensor) => tf.Tensor)(args[0]!, w as never, input, recurrent);
      };
      const inputs = name === 'lstm' ? [x, lstmWeights.kernel, lstmWeights.recurrentKernel, lstmWeights.bias] : [x, gruWeights.kernel, gruWeights.recurrentKernel, gruWeights.bias, gruWeights.recurrentBias];
      expect(maxDiff(run(...inputs), ref(...inputs))).toBeLessThan(1e-5);
      const ours = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(probe, run(...args))))(inputs);
      const theirs = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(probe, ref(...args))))(inputs);
      ours.forEach((g, i) => expect(maxDiff(g, theirs[i]!), `gradient ${i}`).toBeLessThan(1e-4));
      // Without the masks the numbers differ: the placement acts.
      expect(maxDiff(run(...inputs), (cell as (x: tf.Tensor, l: never[], r: boolean, d: number, run: ForwardRun) => tf.Tensor)(x, [weights as never], true, 0, ForwardRun.evaluation()))).toBeGreaterThan(1e-3);
    });

    it(`${name}: the input mask, read from x's gradient, is the same at every step and differs across sequences; none at evaluation`, () => {
      const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(probe, (cell as (x: tf.Tensor, l: never[], r: boolean, d: number, run: ForwardRun, p: object) => tf.Tensor)(input, [weights as never], true, 0, new ForwardRun(true, 6), placements))))(x);
      const zero = (grad.arraySync() as number[][][]).map((row) => row.map((step) => step.map((value) => value === 0)));
      const first = zero.map((row) => JSON.stringify(row[0]));
      zero.forEach((row, b) => row.forEach((step) => expect(JSON.stringify(step)).toBe(first[b])));
      expect(new Set(first).size).toBeGreaterThan(1);
      expect(zero.flat(2).some(Boolean)).toBe(true);
      const evaluation = (cell as (x: tf.Tensor, l: never[], r: boolean, d: number, run: ForwardRun, p?: object) => tf.Tensor);
      expect(maxDiff(evaluation(x, [weights as never], true, 0, ForwardRun.evaluation(), placements), evaluation(x, [weights as never], true, 0, ForwardRun.evaluation()))).toBe(0);
    });
  }
});
