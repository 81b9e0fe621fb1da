/**
 * The layer kernels on the wasm backend, the one generated scripts run on without tfjs-node:
 * same numbers as autograd on cpu, no slow or broken wasm kernels on the hot path, no leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormBackward, batchNormForward } from '../../../src/runtime/layers/batch-norm.js';
import { conv2dBackward, conv2dForward } from '../../../src/runtime/layers/conv2d.js';
import { denseBackward, denseForward } from '../../../src/runtime/layers/dense.js';
import { maxPool2dBackward, maxPool2dForward } from '../../../src/runtime/layers/max-pool2d.js';
import { autogradVjp, normal, relativeError, useBackend } from './gradient-check.js';
import { convNetStep, denseNetStep, makeConvNet, makeDenseNet } from './nets.js';

interface LayerCase {
  name: string;
  /** [output, ...gradients], by autograd (reference) or by the explicit backward. */
  run(explicit: boolean): tf.Tensor[];
}

function conv(name: string, input: number[], kernelShape: number[], strides: [number, number], padding: 'valid' | 'same'): LayerCase {
  return {
    name,
    run(explicit) {
      const x = normal(input, 1) as tf.Tensor4D;
      const kernel = normal(kernelShape, 2, 0.5) as tf.Tensor4D;
      const bias = normal([kernelShape[3]], 3) as tf.Tensor1D;
      const reference = (...t: tf.Tensor[]) => tf.relu(tf.add(tf.conv2d(t[0] as tf.Tensor4D, t[1] as tf.Tensor4D, strides, padding), t[2]));
      const y = reference(x, kernel, bias);
      const upstream = normal(y.shape, 4);
      if (!explicit) return [y, ...autogradVjp(reference, [x, kernel, bias], upstream)];
      const forward = conv2dForward(x, kernel, bias, strides, padding, 'relu');
      const g = conv2dBackward(upstream as tf.Tensor4D, forward.cache, true);
      return [forward.y, g.dx!, g.dKernel, g.dBias!];
    },
  };
}

function pool(name: string, input: number[], poolSize: [number, number], strides: [number, number], padding: 'valid' | 'same', ties: boolean): LayerCase {
  return {
    name,
    run(explicit) {
      const x = ties ? tf.round(tf.randomUniform(input, -3.49, 0.49, 'float32', 7)) : normal(input, 1);
      const reference = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, poolSize, strides, padding);
      const y = reference(x);
      const upstream = tf.add(tf.abs(normal(y.shape, 2)), 1);
      if (!explicit) return [y, ...autogradVjp(reference, [x], upstream)];
      const forward = maxPool2dForward(x as tf.Tensor4D, poolSize, strides, padding);
      return [forward.y, maxPool2dBackward(upstream as tf.Tensor4D, forward.cache)];
    },
  };
}

const cases: LayerCase[] = [
  {
    name: 'dense 37→19 relu',
    run(explicit) {
      const x = normal([11, 37], 1) as tf.Tensor2D;
      const kernel = normal([37, 19], 2, 0.3) as tf.Tensor2D;
      const bias = normal([19], 3) as tf.Tensor1D;
      const reference = (...t: tf.Tensor[]) => tf.relu(tf.add(tf.matMul(t[0] as tf.Tensor2D, t[1] as tf.Tensor2D), t[2]));
      const upstream = normal([11, 19], 4);
      if (!explicit) return [reference(x, kernel, bias), ...autogradVjp(reference, [x, kernel, bias], upstream)];
      const forward = denseForward(x, tf.transpose(kernel), bias, 'relu'); // held [units, in]
      const g = denseBackward(upstream as tf.Tensor2D, forward.cache, true);
      return [forward.y, g.dx!, tf.transpose(g.dKernel), g.dBias!];
    },
  },
  conv('conv 5×5 same, 1 input channel', [3, 12, 12, 1], [5, 5, 1, 4], [1, 1], 'same'),
  conv('conv 3×3 same stride 2', [2, 11, 11, 3], [3, 3, 3, 5], [2, 2], 'same'),
  conv('conv 3×3 valid stride 2 with a remainder', [2, 10, 9, 2], [3, 3, 2, 3], [2, 2], 'valid'),
  pool('max-pool 2×2/2 valid, ties and all-negative windows', [2, 9, 8, 3], [2, 2], [2, 2], 'valid', true),
  pool('max-pool 3×3/2 same', [2, 9, 8, 3], [3, 3], [2, 2], 'same', false),
  {
    name: 'batch-norm training',
    run(explicit) {
      const x = normal([4, 5, 5, 3], 1, 2);
      const gamma = tf.add(normal([3], 2), 1) as tf.Tensor1D;
      const beta = normal([3], 3) as tf.Tensor1D;
      const upstream = normal(x.shape, 4);
      const reference = (t: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(t, [0, 1, 2]);
        return tf.add(tf.mul(tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, 1e-3))), g), b);
      };
      if (!explicit) return [reference(x, gamma, beta), ...autogradVjp(reference as (...t: tf.Tensor[]) => tf.Tensor, [x, gamma, beta], upstream)];
      const forward = batchNormForward(x, gamma, beta, tf.zeros([3]), tf.ones([3]), { momentum: 0.99, epsilon: 1e-3, training: true });
      const g = batchNormBackward(upstream, forward.cache);
      return [forward.y, g.dx, g.dGamma, g.dBeta];
    },
  },
];

describe('on wasm', () => {
  const references = new Map<string, { shape: number[]; values: Float32Array }[]>();
  beforeAll(async () => {
    await useBackend('cpu');
    for (const c of cases) {
      references.set(c.name, tf.tidy(() => c.run(false).map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }))));
    }
    await useBackend('wasm');
  });
  afterAll(() => useBackend('cpu'));

  for (const c of cases) {
    it(`${c.name}: output and gradients equal autograd on cpu`, () => {
      expect(tf.getBackend()).toBe('wasm');
      tf.tidy(() => {
        const actual = c.run(true);
        const expected = references.get(c.name)!;
        expect(actual.length).toBe(expected.length);
        actual.forEach((t, i) => {
          expect(relativeError(t, tf.tensor(expected[i].values, expected[i].shape))).toBeLessThanOrEqual(2e-5);
        });
      });
    });
  }

  it('the hot path never calls BatchMatMul / _FusedMatMul with a transpose flag, nor a slow or broken kernel', async () => {
    const calls: { kernel: string; transposeA: unknown; transposeB: unknown }[] = [];
    const originals = ['BatchMatMul', '_FusedMatMul'].map((name) => tf.getKernel(name, 'wasm')!);
    for (const original of originals) {
      tf.unregisterKernel(original.kernelName, 'wasm');
      tf.registerKernel({
        ...original,
        setupFunc: undefined, // the original's setup already ran when the backend started
        kernelFunc: (args) => {
          calls.push({ kernel: original.kernelName, transposeA: args.attrs?.transposeA, transposeB: args.attrs?.transposeB });
          return original.kernelFunc(args);
        },
      });
    }
    try {
      const dense = makeDenseNet();
      const convNet = makeConvNet(2);
      const profile = await tf.profile(() => {
        tf.tidy(() => {
          denseNetStep(dense, 1);
          convNetStep(convNet, 1);
        });
      });
      expect(calls.length).toBeGreaterThanOrEqual(8); // 5 products in the dense net, 3 in the conv net's dense layer
      expect(calls.filter((c) => c.transposeA || c.transposeB)).toEqual([]);
      const kernels = new Set(profile.kernels.map((k) => k.name));
      for (const slowOrBroken of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'Tile']) {
        expect(kernels.has(slowOrBroken), slowOrBroken).toBe(false);
      }
      expect(kernels.has('Conv2D') || kernels.has('FusedConv2D')).toBe(true);
      tf.dispose([...Object.values(dense), ...Object.values(convNet)]);
    } finally {
      for (const original of originals) {
        tf.unregisterKernel(original.kernelName, 'wasm');
        tf.registerKernel({ ...original, setupFunc: undefined });
      }
    }
  });

  it('no tensor leaks: numTensors flat over 200 training steps of a dense and a conv net', () => {
    const dense = makeDenseNet();
    const convNet = makeConvNet();
    const stridedConvNet = makeConvNet(2);
    const counts: number[] = [];
    for (let step = 0; step < 200; step++) {
      tf.tidy(() => {
        denseNetStep(dense, step);
        convNetStep(convNet, step);
        convNetStep(stridedConvNet, step);
      });
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(counts[199]).toBe(counts[0]);
    tf.dispose([...Object.values(dense), ...Object.values(convNet), ...Object.values(stridedConvNet)]);
  });
});
