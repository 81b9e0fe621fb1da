/**
 * Dropout-aware L2 against TensorFlow.js autograd with the same masks. One plain SGD step with η = 1
 * on a full batch gives the script's gradient as w₀ − w₁. The test rebuilds that step's batch order
 * and dropout masks from the runtime's seeded streams, and differentiates
 *   CE(forward with the masks) + Σ λ·Σ U⊙w² (U: fraction of the batch's examples that used each weight)
 * with tf.grads: an independent statement of the penalty that the script must match.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchSampler } from '../../src/runtime/batches.js';
import { makeSynthetic } from '../../src/runtime/data/synthetic.js';
import { deriveSeed } from '../../src/runtime/data/seeded-random.js';
import { dropoutMaskValues } from '../../src/runtime/layers/dropout.js';
import { compileText, readSavedWeights, runModel, weight } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const names = ['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias'] as const;
const fixture = 'test/emit/fixtures/numeric_dropout_aware.yaml';

/** 0/1 keep mask [batch, units] as the script draws it for the layer at `index` in step 0. */
function keepMask(batch: number, units: number, rate: number, seed: number, index: number): tf.Tensor2D {
  const stepSeed = deriveSeed(deriveSeed(seed, 2), 0);
  const scaled = dropoutMaskValues(batch * units, rate, stepSeed + index);
  return tf.tensor2d(Array.from(scaled, (v) => (v > 0 ? 1 : 0)), [batch, units]);
}

describe('dropout-aware L2 = autograd of the masked penalty', { timeout: 240_000 }, () => {
  it('matches tf.grads with the step\'s masks on both sides of a kernel, a bias and a plain L2 beside them, to 1e-5', async () => {
    const ir = compileText(fixture, readFileSync(fixture, 'utf8'));
    const [initial, stepped] = await Promise.all([runModel(ir, ['--steps', '0']), runModel(ir, ['--steps', '1'])]);
    expect(initial.exitCode, initial.stderr).toBe(0);
    expect(stepped.exitCode, stepped.stderr).toBe(0);
    const w0 = readSavedWeights(initial.outDir);
    const w1 = readSavedWeights(stepped.outDir);

    const train = makeSynthetic({ examples: 100, features: 6, classes: 3, train: 40, validation: 10, test: 10, seed: 7 }).train;
    const order = Array.from(new BatchSampler(40, 40, deriveSeed(7, 1)).next());
    const x = tf.gather(tf.tensor2d(train.features, [train.count, 6]), order);
    const targets = tf.oneHot(tf.gather(tf.tensor1d(train.labels, 'int32'), order), 3);
    const inputKeep = keepMask(40, 6, 0.3, 7, 0);
    const hiddenKeep = keepMask(40, 8, 0.5, 7, 2);
    // Usage of each weight, Keras layout [in, units]: U[k][j] = mean over examples of (input k kept)·(unit j kept).
    const hiddenKernelUsage = tf.div(tf.matMul(inputKeep, hiddenKeep, true, false), 40);
    const hiddenBiasUsage = tf.mean(hiddenKeep, 0);
    const outKernelUsage = tf.reshape(tf.mean(hiddenKeep, 0), [8, 1]);
    // Both masks are really used: some weights are used by every example, some by few.
    expect(tf.min(hiddenKernelUsage).dataSync()[0]).toBeLessThan(0.6);
    expect(tf.max(hiddenBiasUsage).dataSync()[0]).toBeGreaterThan(0.5);

    const start = names.map((name) => tf.tensor(weight(w0, name).values, weight(w0, name).shape));
    const loss = (hk: tf.Tensor, hb: tf.Tensor, ok: tf.Tensor, ob: tf.Tensor) => {
      const input = tf.div(tf.mul(x, inputKeep), 0.7);
      const hidden = tf.div(tf.mul(tf.relu(tf.add(tf.matMul(input, hk as tf.Tensor2D), hb)), hiddenKeep), 0.5);
      const logits = tf.add(tf.matMul(hidden as tf.Tensor2D, ok as tf.Tensor2D), ob);
      const dataLoss = tf.losses.softmaxCrossEntropy(targets, logits);
      const aware = tf.addN([
        tf.mul(0.01, tf.sum(tf.mul(hiddenKernelUsage, tf.square(hk)))),
        tf.mul(0.02, tf.sum(tf.mul(hiddenBiasUsage, tf.square(hb)))),
        tf.mul(0.01, tf.sum(tf.mul(outKernelUsage, tf.square(ok)))),
      ]);
      const plain = tf.mul(0.02, tf.sum(tf.square(ob)));
      return tf.addN([dataLoss, aware, plain]) as tf.Scalar;
    };
    const autograd = tf.grads(loss)(start);
    names.forEach((name, index) => {
      const scriptGradient = weight(w0, name).values.map((value, i) => value - weight(w1, name).values[i]);
      const expected = autograd[index].dataSync();
      scriptGradient.forEach((value, i) => expect(Math.abs(value - expected[i]), `${name}[${i}]`).toBeLessThan(1e-5));
    });
  });
});
