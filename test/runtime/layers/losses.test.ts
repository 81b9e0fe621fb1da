import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanSquaredError, sigmoidCrossEntropy, softmaxCrossEntropy } from '../../../src/runtime/layers/losses.js';
import { expectClose, normal, useBackend } from './gradient-check.js';

beforeAll(() => useBackend('cpu'));

/** Plain-JavaScript mean categorical cross-entropy, in float64. */
function plainSoftmaxCrossEntropy(logits: number[][], labels: number[][]): number {
  let total = 0;
  logits.forEach((row, i) => {
    const max = Math.max(...row);
    const logSumExp = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    row.forEach((v, j) => (total -= labels[i][j] * (v - logSumExp)));
  });
  return total / logits.length;
}

describe('softmaxCrossEntropy', () => {
  it('equals a plain-JS computation and autograd of the textbook formula', () => {
    tf.tidy(() => {
      const logits = normal([6, 5], 1, 3) as tf.Tensor2D;
      const oneHot = tf.oneHot(tf.tensor1d([0, 4, 2, 2, 1, 3], 'int32'), 5).toFloat() as tf.Tensor2D;
      const { loss, dLogits } = softmaxCrossEntropy(logits, oneHot);
      const expected = plainSoftmaxCrossEntropy(logits.arraySync(), oneHot.arraySync());
      expect(Math.abs(loss.dataSync()[0] - expected) / expected).toBeLessThan(1e-6);
      const textbook = (z: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.softmax(z))), 1)));
      expectClose(dLogits, tf.grad(textbook)(logits));
    });
  });

  it('stays finite and exact for huge logits', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d([[1000, 0, -1000], [-500, 500, 0]]);
      const oneHot = tf.tensor2d([[0, 1, 0], [0, 1, 0]]);
      const { loss, dLogits } = softmaxCrossEntropy(logits, oneHot);
      expect(loss.dataSync()[0]).toBeCloseTo(500, 3); // (1000 + 0) / 2
      expect(Array.from(dLogits.dataSync())).toEqual([0.5, -0.5, 0, 0, 0, 0]);
    });
  });
});

describe('sigmoidCrossEntropy', () => {
  it('equals the textbook formula, its autograd, and stays finite for huge logits', () => {
    tf.tidy(() => {
      const logits = normal([7, 1], 2, 3) as tf.Tensor2D;
      const labels = tf.tensor2d([[1], [0], [1], [1], [0], [0.3], [1]]);
      const { loss, dLogits } = sigmoidCrossEntropy(logits, labels);
      const textbook = (z: tf.Tensor) => {
        const p = tf.sigmoid(z);
        return tf.neg(tf.mean(tf.add(tf.mul(labels, tf.log(p)), tf.mul(tf.sub(1, labels), tf.log(tf.sub(1, p))))));
      };
      expectClose(loss, textbook(logits));
      expectClose(dLogits, tf.grad(textbook)(logits));
      const huge = sigmoidCrossEntropy(tf.tensor2d([[200], [-200]]), tf.tensor2d([[0], [1]]));
      expect(huge.loss.dataSync()[0]).toBeCloseTo(200, 3);
    });
  });
});

describe('meanSquaredError', () => {
  it('equals tf.losses.meanSquaredError and its autograd', () => {
    tf.tidy(() => {
      const prediction = normal([5, 3], 3);
      const target = normal([5, 3], 4);
      const { loss, dLogits } = meanSquaredError(prediction, target);
      const reference = (p: tf.Tensor) => tf.losses.meanSquaredError(target, p);
      expectClose(loss, reference(prediction));
      expectClose(dLogits, tf.grad(reference)(prediction));
    });
  });
});
