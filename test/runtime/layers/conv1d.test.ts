/** conv1d's explicit passes against autograd of tf.conv1d on cpu, run on cpu and on wasm. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, it } from 'vitest';
import { conv1dBackward, conv1dForward } from '../../../src/runtime/layers/conv1d.js';
import { autogradVjp, expectClose, normal, useBackend } from './gradient-check.js';

interface Case {
  input: [number, number, number];
  kernel: [number, number, number];
  stride: number;
  padding: 'valid' | 'same';
}
const cases: Case[] = [
  { input: [2, 16, 3], kernel: [4, 3, 6], stride: 1, padding: 'same' }, // uneven: the extra step after
  { input: [2, 11, 2], kernel: [3, 2, 5], stride: 2, padding: 'same' },
  { input: [3, 10, 4], kernel: [3, 4, 2], stride: 2, padding: 'valid' },
  { input: [1, 9, 1], kernel: [5, 1, 3], stride: 1, padding: 'valid' },
];

function reference(c: Case) {
  return (x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) => tf.relu(tf.add(tf.conv1d(x as tf.Tensor3D, kernel as tf.Tensor3D, c.stride, c.padding), bias));
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`conv1d on ${backend}`, () => {
    afterAll(() => useBackend('cpu'));
    for (const c of cases) {
      it(`x${JSON.stringify(c.input)} kernel ${JSON.stringify(c.kernel)} stride ${c.stride} ${c.padding}: output and gradients equal autograd on cpu`, async () => {
        const inputs = () => [normal(c.input, 1), normal(c.kernel, 2, 0.5), normal([c.kernel[2]], 3)];
        await useBackend('cpu');
        const expected = tf.tidy(() => {
          const [x, kernel, bias] = inputs();
          const y = reference(c)(x, kernel, bias);
          return [y, ...autogradVjp(reference(c) as (...t: tf.Tensor[]) => tf.Tensor, [x, kernel, bias], normal(y.shape, 4))].map((t) => ({
            shape: t.shape,
            values: t.dataSync() as Float32Array,
          }));
        });
        await useBackend(backend);
        tf.tidy(() => {
          const [x, kernel, bias] = inputs();
          const forward = conv1dForward(x as tf.Tensor3D, kernel as tf.Tensor3D, bias as tf.Tensor1D, c.stride, c.padding, 'relu');
          const g = conv1dBackward(normal(expected[0].shape, 4) as tf.Tensor3D, forward.cache, true);
          [forward.y, g.dx!, g.dKernel, g.dBias!].forEach((t, i) => expectClose(t, tf.tensor(expected[i].values, expected[i].shape), 2e-5));
        });
      });
    }
  });
}
