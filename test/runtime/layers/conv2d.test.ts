import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from '../../../src/runtime/shared/layer-config.js';
import { conv2dBackward, conv2dForward } from '../../../src/runtime/layers/conv2d.js';
import { autogradVjp, expectClose, normal, useBackend } from './gradient-check.js';

beforeAll(() => useBackend('cpu'));

interface Case {
  input: [number, number, number, number];
  kernel: [number, number, number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
  activation: Activation;
}
const cases: Case[] = [
  { input: [2, 7, 7, 1], kernel: [5, 5, 1, 3], strides: [1, 1], padding: 'same', activation: 'relu' },
  { input: [2, 7, 6, 2], kernel: [3, 3, 2, 4], strides: [1, 1], padding: 'valid', activation: 'linear' },
  { input: [3, 9, 9, 2], kernel: [3, 3, 2, 3], strides: [2, 2], padding: 'same', activation: 'elu' },
  { input: [2, 8, 8, 3], kernel: [3, 3, 3, 2], strides: [2, 2], padding: 'same', activation: 'tanh' },
  { input: [2, 9, 8, 2], kernel: [3, 2, 2, 3], strides: [2, 3], padding: 'valid', activation: 'sigmoid' },
  { input: [2, 6, 6, 2], kernel: [3, 3, 2, 2], strides: [2, 2], padding: 'valid', activation: 'selu' },
  { input: [1, 5, 7, 2], kernel: [2, 4, 2, 3], strides: [1, 2], padding: 'same', activation: 'softmax' },
  { input: [2, 5, 5, 4], kernel: [1, 1, 4, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
  { input: [1, 10, 10, 1], kernel: [3, 3, 1, 2], strides: [3, 3], padding: 'same', activation: 'linear' },
];

describe('conv2dForward / conv2dBackward match autograd on cpu', () => {
  for (const c of cases) {
    const name = `x${JSON.stringify(c.input)} k${JSON.stringify(c.kernel)} s${c.strides.join('x')} ${c.padding} ${c.activation}`;
    it(name, () => {
      tf.tidy(() => {
        const x = normal(c.input, 1) as tf.Tensor4D;
        const kernel = normal(c.kernel, 2, 0.5) as tf.Tensor4D;
        const bias = normal([c.kernel[3]], 3) as tf.Tensor1D;
        const { y, cache } = conv2dForward(x, kernel, bias, c.strides, c.padding, c.activation);
        const upstream = normal(y.shape, 4) as tf.Tensor4D;
        const { dx, dKernel, dBias } = conv2dBackward(upstream, cache, true);

        const activate = (z: tf.Tensor): tf.Tensor =>
          c.activation === 'linear' ? z : (tf[c.activation] as (t: tf.Tensor) => tf.Tensor)(z);
        const layer = (...ts: tf.Tensor[]) =>
          activate(tf.add(tf.conv2d(ts[0] as tf.Tensor4D, ts[1] as tf.Tensor4D, c.strides, c.padding), ts[2]));
        expectClose(y, layer(x, kernel, bias));
        const [ex, ek, eb] = autogradVjp(layer, [x, kernel, bias], upstream);
        expectClose(dx, ex);
        expectClose(dKernel, ek);
        expectClose(dBias, eb);
      });
    });
  }

  it('without bias and without the input gradient', () => {
    tf.tidy(() => {
      const { y, cache } = conv2dForward(normal([1, 4, 4, 1], 1) as tf.Tensor4D, normal([3, 3, 1, 2], 2) as tf.Tensor4D, null, [1, 1], 'same', 'relu');
      const grads = conv2dBackward(normal(y.shape, 3) as tf.Tensor4D, cache, false);
      expect(grads.dx).toBeNull();
      expect(grads.dBias).toBeNull();
      expect(grads.dKernel.shape).toEqual([3, 3, 1, 2]);
    });
  });
});
