import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxPool2dBackward, maxPool2dForward } from '../../../src/runtime/layers/max-pool2d.js';
import { autogradVjp, expectClose, normal, useBackend } from './gradient-check.js';

beforeAll(() => useBackend('cpu'));

interface Case {
  input: [number, number, number, number];
  pool: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
}
const cases: Case[] = [
  { input: [2, 8, 8, 3], pool: [2, 2], strides: [2, 2], padding: 'valid' },
  { input: [2, 7, 9, 2], pool: [2, 2], strides: [2, 2], padding: 'valid' },
  { input: [2, 7, 9, 2], pool: [2, 2], strides: [2, 2], padding: 'same' },
  { input: [1, 9, 9, 2], pool: [3, 3], strides: [2, 2], padding: 'valid' },
  { input: [1, 8, 7, 2], pool: [3, 3], strides: [2, 2], padding: 'same' },
  { input: [1, 9, 8, 1], pool: [2, 3], strides: [3, 2], padding: 'valid' },
  { input: [2, 6, 5, 2], pool: [3, 2], strides: [1, 1], padding: 'same' },
];

function reference(c: Case) {
  return (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, c.pool, c.strides, c.padding);
}

describe('maxPool2dForward / maxPool2dBackward match autograd on cpu', () => {
  for (const c of cases) {
    const name = `x${JSON.stringify(c.input)} pool ${c.pool.join('x')} stride ${c.strides.join('x')} ${c.padding}`;
    it(`${name}, continuous values`, () => {
      tf.tidy(() => {
        const x = normal(c.input, 1) as tf.Tensor4D;
        const { y, cache } = maxPool2dForward(x, c.pool, c.strides, c.padding);
        const upstream = normal(y.shape, 2) as tf.Tensor4D;
        expectClose(y, reference(c)(x));
        expectClose(maxPool2dBackward(upstream, cache), autogradVjp(reference(c), [x], upstream)[0]);
      });
    });
    it(`${name}, ties and all-negative windows: one element per window, the first maximum`, () => {
      tf.tidy(() => {
        // Integers in −3..0: most windows hold ties, many are entirely ≤ 0.
        const x = tf.round(tf.mul(tf.randomUniform(c.input, -3.49, 0.49, 'float32', 7), 1)) as tf.Tensor4D;
        const { y, cache } = maxPool2dForward(x, c.pool, c.strides, c.padding);
        const upstream = tf.add(tf.abs(normal(y.shape, 3)), 1) as tf.Tensor4D;
        const dx = maxPool2dBackward(upstream, cache);
        expectClose(dx, autogradVjp(reference(c), [x], upstream)[0]);
        // Every window's gradient arrives once: totals match.
        expect(Math.abs(tf.sum(dx).dataSync()[0] - tf.sum(upstream).dataSync()[0])).toBeLessThan(1e-3);
      });
    });
  }

  it('a window of all-negative values sends its gradient to its maximum', () => {
    tf.tidy(() => {
      const x = tf.tensor4d([-5, -1, -3, -2], [1, 2, 2, 1]);
      const { cache } = maxPool2dForward(x, [2, 2], [2, 2], 'valid');
      expect(Array.from(maxPool2dBackward(tf.tensor4d([7], [1, 1, 1, 1]), cache).dataSync())).toEqual([0, 7, 0, 0]);
    });
  });
});
