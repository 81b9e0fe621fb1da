import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormBackward, batchNormForward } from '../../../src/runtime/layers/batch-norm.js';
import { autogradVjp, expectClose, normal, useBackend } from './gradient-check.js';

beforeAll(() => useBackend('cpu'));

const epsilon = 1e-3;
const momentum = 0.9;

/** Textbook batch norm with tf.moments (biased variance), differentiated by autograd. */
function referenceTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
}

describe('batchNormForward / batchNormBackward', () => {
  for (const shape of [
    [3, 4, 5, 2],
    [2, 3, 3, 5],
    [7, 3],
  ]) {
    it(`training on ${JSON.stringify(shape)}: output and gradients match autograd on cpu`, () => {
      tf.tidy(() => {
        const channels = shape[shape.length - 1];
        const x = tf.add(normal(shape, 1, 2), 0.5);
        const gamma = tf.add(normal([channels], 2), 1) as tf.Tensor1D;
        const beta = normal([channels], 3) as tf.Tensor1D;
        const upstream = normal(shape, 4);
        const { y, cache } = batchNormForward(x, gamma, beta, tf.zeros([channels]), tf.ones([channels]), { momentum, epsilon, training: true });
        expectClose(y, referenceTraining(x, gamma, beta));
        const { dx, dGamma, dBeta } = batchNormBackward(upstream, cache);
        const [ex, eg, eb] = autogradVjp(referenceTraining, [x, gamma, beta], upstream);
        expectClose(dx, ex);
        expectClose(dGamma, eg);
        expectClose(dBeta, eb);
      });
    });
  }

  it('moves the moving statistics as Keras does: moving·momentum + batch·(1 − momentum)', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 10], [3, 14], [8, 12]]);
      const out = batchNormForward(x, tf.ones([2]), tf.zeros([2]), tf.tensor1d([0.5, 1]), tf.tensor1d([2, 3]), { momentum, epsilon, training: true });
      // batch mean [4, 12], biased variance [26/3, 8/3]
      expect(Array.from(out.movingMean!.dataSync())).toEqual(Array.from(new Float32Array([0.5 * 0.9 + 4 * 0.1, 0.9 + 1.2])));
      const variance = Array.from(out.movingVariance!.dataSync());
      expect(variance[0]).toBeCloseTo(2 * 0.9 + (26 / 3) * 0.1, 5);
      expect(variance[1]).toBeCloseTo(3 * 0.9 + (8 / 3) * 0.1, 5);
    });
  });

  it('inference uses the moving statistics, returns no new ones, and its gradients match autograd', () => {
    tf.tidy(() => {
      const x = normal([2, 3, 3, 4], 5);
      const gamma = normal([4], 6) as tf.Tensor1D;
      const beta = normal([4], 7) as tf.Tensor1D;
      const movingMean = normal([4], 8) as tf.Tensor1D;
      const movingVariance = tf.add(tf.abs(normal([4], 9)), 0.5) as tf.Tensor1D;
      const out = batchNormForward(x, gamma, beta, movingMean, movingVariance, { momentum, epsilon, training: false });
      expect(out.movingMean).toBeUndefined();
      const reference = (t: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.add(tf.mul(tf.div(tf.sub(t, movingMean), tf.sqrt(tf.add(movingVariance, epsilon))), g), b);
      expectClose(out.y, tf.batchNorm(x, movingMean, movingVariance, beta, gamma, epsilon));
      const upstream = normal(x.shape, 10);
      const { dx, dGamma, dBeta } = batchNormBackward(upstream, out.cache);
      const [ex, eg, eb] = autogradVjp(reference as (...t: tf.Tensor[]) => tf.Tensor, [x, gamma, beta], upstream);
      expectClose(dx, ex);
      expectClose(dGamma, eg);
      expectClose(dBeta, eb);
    });
  });
});
