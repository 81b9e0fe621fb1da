/**
 * The emitted explicit backward pass (layer kernels + penalty gradients) against TensorFlow.js
 * autograd of the same loss. One plain SGD step with η = 1 on the whole training set (no dropout)
 * gives the script's gradient as w₀ − w₁; autograd differentiates cross-entropy + penalties at w₀.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSynthetic } from '../../src/runtime/data/synthetic.js';
import { compileText, readSavedWeights, runModel, weight } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const names = ['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias'] as const;

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('explicit backward pass = autograd', { timeout: 240_000 }, () => {
  it('matches tf.grads of cross-entropy + L2 (kernels, biases) + L1 (output bias) to 1e-5', async () => {
    const text = readFileSync('test/emit/fixtures/numeric_bias_included.yaml', 'utf8').replace('learning_rate: 0.1', 'learning_rate: 1.0');
    const ir = compileText('test/emit/fixtures/numeric_bias_included.yaml', text);
    const [initial, stepped] = await Promise.all([runModel(ir, ['--steps', '0']), runModel(ir, ['--steps', '1'])]);
    expect(initial.exitCode, initial.stderr).toBe(0);
    expect(stepped.exitCode, stepped.stderr).toBe(0);
    const w0 = readSavedWeights(initial.outDir);
    const w1 = readSavedWeights(stepped.outDir);

    const train = makeSynthetic({ examples: 60, features: 6, classes: 3, train: 40, validation: 10, test: 10, seed: 7 }).train;
    const x = tf.tensor2d(train.features, [train.count, 6]);
    const targets = tf.oneHot(tf.tensor1d(train.labels, 'int32'), 3);
    const start = names.map((name) => tf.tensor(weight(w0, name).values, weight(w0, name).shape));
    const loss = (hk: tf.Tensor, hb: tf.Tensor, ok: tf.Tensor, ob: tf.Tensor) => {
      const hidden = tf.relu(tf.add(tf.matMul(x, hk as tf.Tensor2D), hb));
      const logits = tf.add(tf.matMul(hidden, ok as tf.Tensor2D), ob);
      const dataLoss = tf.losses.softmaxCrossEntropy(targets, logits);
      const l2 = tf.addN([hk, ok].map((w) => tf.mul(0.01, tf.sum(tf.square(w)))));
      const l2Bias = tf.addN([hb, ob].map((b) => tf.mul(0.02, tf.sum(tf.square(b)))));
      const l1 = tf.mul(0.03, tf.sum(tf.abs(ob)));
      return tf.addN([dataLoss, l2, l2Bias, l1]) as tf.Scalar;
    };
    const autograd = tf.grads(loss)(start);
    names.forEach((name, index) => {
      const scriptGradient = weight(w0, name).values.map((value, i) => value - weight(w1, name).values[i]);
      const expected = autograd[index].dataSync();
      scriptGradient.forEach((value, i) => expect(Math.abs(value - expected[i]), `${name}[${i}]`).toBeLessThan(1e-5));
    });
  });
});
