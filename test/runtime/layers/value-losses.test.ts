import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { l1ActivityPenalty, l2ActivityPenalty } from '../../../src/runtime/activity-penalties.js';
import { softmaxCrossEntropy } from '../../../src/runtime/layers/losses.js';
import {
  classWeightedSigmoidCrossEntropy, classWeightedSoftmaxCrossEntropy, huberLoss, meanAbsoluteError,
} from '../../../src/runtime/layers/value-losses.js';
import { absoluteErrorSum, binaryAccuracyCount } from '../../../src/runtime/value-metrics.js';
import { expectClose, normal, useBackend } from './gradient-check.js';

beforeAll(() => useBackend('cpu'));

describe('meanAbsoluteError', () => {
  it('equals tf.losses.absoluteDifference and its autograd', () => {
    tf.tidy(() => {
      const prediction = normal([6, 3], 1, 2) as tf.Tensor2D;
      const target = normal([6, 3], 2, 2) as tf.Tensor2D;
      const { loss, dLogits } = meanAbsoluteError(prediction, target);
      const reference = (p: tf.Tensor) => tf.losses.absoluteDifference(target, p);
      expectClose(loss, reference(prediction));
      expectClose(dLogits, tf.grad(reference)(prediction));
    });
  });
});

describe('huberLoss', () => {
  it.each([0.5, 1, 2.5])('δ = %s: equals tf.losses.huberLoss and its autograd, on both sides of δ', (delta) => {
    tf.tidy(() => {
      const prediction = normal([8, 2], 3, 2) as tf.Tensor2D;
      const target = normal([8, 2], 4, 2) as tf.Tensor2D;
      const errors = Array.from(tf.abs(tf.sub(prediction, target)).dataSync());
      expect(errors.some((e) => e < delta) && errors.some((e) => e > delta)).toBe(true);
      const { loss, dLogits } = huberLoss(prediction, target, delta);
      const reference = (p: tf.Tensor) => tf.losses.huberLoss(target, p, undefined, delta);
      expectClose(loss, reference(prediction));
      expectClose(dLogits, tf.grad(reference)(prediction));
    });
  });
});

describe('class-weighted cross-entropies (Keras class_weight: Σ w_yi·l_i / N)', () => {
  it('softmax: the weighted mean of per-example losses, autograd of it, and plain softmaxCrossEntropy at unit weights', () => {
    tf.tidy(() => {
      const logits = normal([6, 3], 5, 2) as tf.Tensor2D;
      const labels = [0, 2, 1, 1, 0, 2];
      const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D;
      const weights = [1, 3, 0.5];
      const { loss, dLogits } = classWeightedSoftmaxCrossEntropy(logits, oneHot, weights);
      const sampleWeights = tf.tensor1d(labels.map((label) => weights[label]));
      // tf.losses with per-example weights and Reduction.SUM / N: what Keras does with class_weight.
      const reference = (z: tf.Tensor) =>
        tf.div(tf.losses.softmaxCrossEntropy(oneHot, z, sampleWeights, undefined, tf.Reduction.SUM), labels.length);
      expectClose(loss, reference(logits));
      expectClose(dLogits, tf.grad(reference)(logits));
      // Not torch's weight= mean, which divides by Σ w_yi = 9.5 instead of 6.
      const perExample = tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, undefined, tf.Reduction.NONE);
      const torchMean = tf.div(tf.sum(tf.mul(perExample, sampleWeights)), tf.sum(sampleWeights));
      expect(Math.abs(loss.dataSync()[0] - torchMean.dataSync()[0])).toBeGreaterThan(1e-3);
      const unit = classWeightedSoftmaxCrossEntropy(logits, oneHot, [1, 1, 1]);
      expectClose(unit.loss, softmaxCrossEntropy(logits, oneHot).loss);
    });
  });

  it('sigmoid: the weighted mean over one logit per example, and its autograd', () => {
    tf.tidy(() => {
      const logits = normal([7, 1], 6, 3) as tf.Tensor2D;
      const labels = tf.tensor2d([[1], [0], [1], [1], [0], [0], [1]]);
      const weights = [0.25, 2];
      const { loss, dLogits } = classWeightedSigmoidCrossEntropy(logits, labels, weights);
      const sampleWeights = tf.add(tf.mul(labels, 2), tf.mul(tf.sub(1, labels), 0.25));
      const reference = (z: tf.Tensor) => tf.div(tf.losses.sigmoidCrossEntropy(labels, z, sampleWeights, undefined, tf.Reduction.SUM), 7);
      expectClose(loss, reference(logits));
      expectClose(dLogits, tf.grad(reference)(logits));
    });
  });
});

describe('activity penalties (λ·Σ|a| and λ·Σa², divided by the batch size)', () => {
  it('values and gradients equal autograd of the formulas, for dense and conv-shaped outputs', () => {
    tf.tidy(() => {
      for (const shape of [[5, 4], [3, 2, 2, 3]]) {
        const output = normal(shape, 7, 1.5);
        const batch = shape[0];
        const l1 = l1ActivityPenalty(0.01, output);
        const l1Formula = (a: tf.Tensor) => tf.div(tf.mul(0.01, tf.sum(tf.abs(a))), batch);
        expectClose(l1.penalty, l1Formula(output));
        expectClose(l1.dOutput, tf.grad(l1Formula)(output));
        const l2 = l2ActivityPenalty(0.2, output);
        const l2Formula = (a: tf.Tensor) => tf.div(tf.mul(0.2, tf.sum(tf.square(a))), batch);
        expectClose(l2.penalty, l2Formula(output));
        expectClose(l2.dOutput, tf.grad(l2Formula)(output));
      }
    });
  });
});

describe('value metrics', () => {
  it('binary accuracy per example (sign of the logit vs the 0/1 target) and MAE, summed over the batch', () => {
    tf.tidy(() => {
      const outputs = tf.tensor2d([[2, -1, 0.5], [-3, -0.1, 4]]);
      const targets = tf.tensor2d([[1, 0, 0], [0, 1, 1]]);
      const labels = tf.zeros([2], 'int32') as tf.Tensor1D;
      // Example 1: 2 of 3 match; example 2: 2 of 3 match.
      expect(binaryAccuracyCount(outputs, labels, targets).dataSync()[0]).toBeCloseTo(4 / 3, 6);
      // |2−1|+|−1|+|0.5| = 2.5 → 2.5/3; |−3|+|−1.1|+|3| = 7.1 → 7.1/3.
      expect(absoluteErrorSum(outputs, labels, targets).dataSync()[0]).toBeCloseTo(9.6 / 3, 5);
    });
  });
});
