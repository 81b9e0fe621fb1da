import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from '../../../src/runtime/shared/layer-config.js';
import { activationBackward, activationForward } from '../../../src/runtime/layers/activation.js';
import { denseBackward, denseForward } from '../../../src/runtime/layers/dense.js';
import { autogradVjp, expectClose, normal, useBackend } from './gradient-check.js';

/** Independent reference activations, straight from tfjs ops. */
const reference: Record<Activation, (z: tf.Tensor) => tf.Tensor> = {
  linear: (z) => z,
  relu: (z) => tf.relu(z),
  elu: (z) => tf.elu(z),
  selu: (z) => tf.selu(z),
  tanh: (z) => tf.tanh(z),
  sigmoid: (z) => tf.sigmoid(z),
  softmax: (z) => tf.softmax(z),
};
const activations = Object.keys(reference) as Activation[];

beforeAll(() => useBackend('cpu'));

describe('denseForward / denseBackward match autograd on cpu', () => {
  for (const activation of activations) {
    for (const withBias of [true, false]) {
      it(`${activation}, ${withBias ? 'with' : 'without'} bias, odd sizes`, () => {
        tf.tidy(() => {
          const x = normal([7, 5], 1) as tf.Tensor2D;
          const kernel = normal([5, 3], 2, 0.8) as tf.Tensor2D;
          const bias = withBias ? (normal([3], 3) as tf.Tensor1D) : null;
          const upstream = normal([7, 3], 4) as tf.Tensor2D;
          const { y, cache } = denseForward(x, tf.transpose(kernel), bias, activation);
          const { dx, dKernel, dBias } = denseBackward(upstream, cache, true);

          const layer = (...ts: tf.Tensor[]) => {
            const z = tf.matMul(ts[0] as tf.Tensor2D, ts[1] as tf.Tensor2D);
            return reference[activation](withBias ? tf.add(z, ts[2]) : z);
          };
          const inputs = withBias && bias ? [x, kernel, bias] : [x, kernel];
          expectClose(y, layer(...inputs));
          const expected = autogradVjp(layer, inputs, upstream);
          expectClose(dx, expected[0]);
          expectClose(dKernel, tf.transpose(expected[1]));
          if (withBias) expectClose(dBias, expected[2]);
          else expect(dBias).toBeNull();
        });
      });
    }
  }

  it('batch smaller than the layer (forward as (W·xᵀ)ᵀ)', () => {
    tf.tidy(() => {
      const x = normal([3, 20], 1) as tf.Tensor2D;
      const kernel = normal([20, 16], 2, 0.3) as tf.Tensor2D;
      const upstream = normal([3, 16], 3) as tf.Tensor2D;
      const { y, cache } = denseForward(x, tf.transpose(kernel), null, 'tanh');
      const { dx, dKernel } = denseBackward(upstream, cache, true);
      const layer = (...ts: tf.Tensor[]) => tf.tanh(tf.matMul(ts[0] as tf.Tensor2D, ts[1] as tf.Tensor2D));
      const [ex, ek] = autogradVjp(layer, [x, kernel], upstream);
      expectClose(y, layer(x, kernel));
      expectClose(dx, ex);
      expectClose(dKernel, tf.transpose(ek));
    });
  });

  it('skips the input gradient when not needed (first layer)', () => {
    tf.tidy(() => {
      const { cache } = denseForward(normal([4, 3], 1) as tf.Tensor2D, normal([2, 3], 2) as tf.Tensor2D, null, 'relu');
      expect(denseBackward(normal([4, 2], 3) as tf.Tensor2D, cache, false).dx).toBeNull();
    });
  });
});

describe('activationForward / activationBackward match autograd on cpu', () => {
  for (const activation of activations) {
    it(activation, () => {
      tf.tidy(() => {
        // Values spread on both sides of 0, rank 4 as after a conv layer.
        const x = normal([2, 3, 3, 4], 5, 2);
        const upstream = normal([2, 3, 3, 4], 6);
        const { y, cache } = activationForward(x, activation);
        expectClose(y, reference[activation](x));
        expectClose(activationBackward(upstream, cache), autogradVjp(reference[activation], [x], upstream)[0]);
      });
    });
  }
});
