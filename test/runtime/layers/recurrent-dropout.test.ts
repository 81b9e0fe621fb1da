/**
 * The TypeScript target's weight drop and embedding row dropout (src/runtime/graph/stochastic.ts) on
 * wasm: DropConnect on an lstm's recurrent kernel — the forward equals the lstm given kernel ⊙ mask,
 * the variable's gradient is that lstm's times the mask (fastai PR #427), no mask at evaluation
 * (awd-lstm-lm #72), a fresh mask per pass, the variable never written (Better_LSTM_PyTorch #7) — and
 * whole embedding rows dropped wherever their token appears.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gru, type GruWeights } from '../../../src/runtime/graph/gru.js';
import { lstm, type LstmWeights } from '../../../src/runtime/graph/lstm.js';
import { embedding, ForwardRun } from '../../../src/runtime/graph/sequence-layers.js';
import { rowDropout, weightDropped } from '../../../src/runtime/graph/stochastic.js';
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
    const dropped = lstm(x, [lstmWeights], true, 0, new ForwardRun(true, 7), 0.5);
    const masked = tf.mul(lstmWeights.recurrentKernel, mask);
    expect(maxDiff(dropped, lstm(x, [{ ...lstmWeights, recurrentKernel: masked }], true, 0, ForwardRun.evaluation()))).toBeLessThan(1e-6);
    const raw = tf.grad((r: tf.Tensor) => tf.sum(tf.mul(probe, lstm(x, [{ ...lstmWeights, recurrentKernel: r }], true, 0, new ForwardRun(true, 7), 0.5))))(lstmWeights.recurrentKernel);
    const throughMasked = tf.grad((r: tf.Tensor) => tf.sum(tf.mul(probe, lstm(x, [{ ...lstmWeights, recurrentKernel: r }], true, 0, ForwardRun.evaluation()))))(masked);
    expect(tf.sum(tf.abs(raw)).dataSync()[0]).toBeGreaterThan(0);
    expect(maxDiff(raw, tf.mul(throughMasked, mask))).toBeLessThan(1e-5);
    expect(lstmWeights.recurrentKernel.dataSync()).toEqual(before);
  });

  it('lstm: no mask at evaluation; a fresh mask per training pass', () => {
    const plain = lstm(x, [lstmWeights], true, 0, ForwardRun.evaluation());
    expect(maxDiff(lstm(x, [lstmWeights], true, 0, ForwardRun.evaluation(), 0.5), plain)).toBe(0);
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
    const dropped = gru(x, [weights], true, 0, new ForwardRun(true, 9), 0.3);
    expect(maxDiff(dropped, gru(x, [{ ...weights, recurrentKernel: tf.mul(weights.recurrentKernel, mask) }], true, 0, ForwardRun.evaluation()))).toBeLessThan(1e-6);
    expect(maxDiff(gru(x, [weights], true, 0, ForwardRun.evaluation(), 0.3), gru(x, [weights], true, 0, ForwardRun.evaluation()))).toBe(0);
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
