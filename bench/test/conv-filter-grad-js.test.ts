import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM module of the bench, no declarations
import { registerJsConv2dBackpropFilter } from '../lib/conv-filter-grad-js.mjs';

/** dLoss/dFilter of sum(conv2d(x, f) * dy) on the current backend. */
function filterGradient(x: number[], xShape: number[], f: number[], fShape: number[], dy: number[], dyShape: number[],
  strides: [number, number], pad: 'same' | 'valid'): Float32Array {
  return tf.tidy(() => {
    const grad = tf.grad((filter: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(tf.tensor4d(x, xShape as [number, number, number, number]), filter as tf.Tensor4D, strides, pad), tf.tensor(dy, dyShape))));
    return grad(tf.tensor4d(f, fShape as [number, number, number, number])).dataSync() as Float32Array;
  });
}

describe('the bench\'s JS Conv2DBackpropFilter for wasm (the "fit + JS grad" column)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerJsConv2dBackpropFilter(tf);
  });
  afterAll(() => tf.unregisterKernel('Conv2DBackpropFilter', 'wasm'));

  for (const [pad, strides, outSize] of [['same', [1, 1], 7], ['valid', [1, 1], 5], ['same', [2, 2], 4]] as const) {
    it(`equals the cpu backend's kernel gradient (${pad}, stride ${strides[0]}), to 1e-5 relative`, async () => {
      const xShape = [2, 7, 7, 3];
      const fShape = [3, 3, 3, 4];
      const dyShape = [2, outSize, outSize, 4];
      const random = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i * 12.9898) * 0.5);
      const x = random(2 * 7 * 7 * 3, 1);
      const f = random(3 * 3 * 3 * 4, 2);
      const dy = random(dyShape.reduce((a, b) => a * b, 1), 3);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const onWasm = filterGradient(x, xShape, f, fShape, dy, dyShape, [...strides], pad);
      expect(tf.memory().numTensors).toBe(before);
      await tf.setBackend('cpu');
      const onCpu = filterGradient(x, xShape, f, fShape, dy, dyShape, [...strides], pad);
      await tf.setBackend('wasm');
      const scale = Math.max(...onCpu.map(Math.abs));
      const worst = Math.max(...onWasm.map((v, i) => Math.abs(v - onCpu[i])));
      expect(worst / scale).toBeLessThan(1e-5);
    });
  }
});
