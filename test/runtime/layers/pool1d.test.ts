/**
 * 1-D pooling on [batch, steps, channels]: outputs and gradients against autograd of independent
 * formulations on cpu (max: tf.maxPool1d's own gradient there; average: window sums over covered
 * counts; global: tf.mean / tf.max), then the explicit passes on cpu and wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  globalMaxPool2dBackward,
  globalMaxPool2dForward,
  globalPool1dBackward,
  globalPool1dForward,
  pool1dBackward,
  pool1dForward,
} from '../../../src/runtime/layers/pool1d.js';
import { autogradVjp, expectClose, normal, useBackend } from './gradient-check.js';

interface Case {
  name: string;
  input: number[];
  reference: (x: tf.Tensor) => tf.Tensor;
  explicit: (x: tf.Tensor3D, dy: tf.Tensor) => [tf.Tensor, tf.Tensor];
}

/** Mean of the real steps each window covers, by a ones-filter convolution of the values and of ones. */
function averageReference(k: number, s: number, padding: 'valid' | 'same') {
  return (x: tf.Tensor) => {
    const ones = tf.ones([k, x.shape[2] ?? 1, 1]) as tf.Tensor3D;
    const perChannel = (t: tf.Tensor) => tf.reshape(tf.depthwiseConv2d(tf.expandDims(t, 2) as tf.Tensor4D, tf.expandDims(ones, 1) as tf.Tensor4D, [s, 1], padding), [x.shape[0], -1, x.shape[2] ?? 1]);
    return tf.div(perChannel(x), perChannel(tf.onesLike(x)));
  };
}

function windowed(kind: 'average' | 'max', input: [number, number, number], k: number, s: number, padding: 'valid' | 'same'): Case {
  return {
    name: `${kind}_pool1d x${JSON.stringify(input)} pool ${k} stride ${s} ${padding}`,
    input,
    reference: kind === 'max' ? (x) => tf.maxPool(tf.expandDims(x, 2) as tf.Tensor4D, [k, 1], [s, 1], padding).squeeze([2]) : averageReference(k, s, padding),
    explicit: (x, dy) => {
      const { y, cache } = pool1dForward(x, kind, k, s, padding);
      return [y, pool1dBackward(dy as tf.Tensor3D, cache)];
    },
  };
}

function global(kind: 'average' | 'max', input: [number, number, number]): Case {
  return {
    name: `global_${kind}_pool1d x${JSON.stringify(input)}`,
    input,
    reference: (x) => (kind === 'max' ? tf.max(x, 1) : tf.mean(x, 1)),
    explicit: (x, dy) => {
      const { y, cache } = globalPool1dForward(x, kind);
      return [y, globalPool1dBackward(dy as tf.Tensor2D, cache)];
    },
  };
}

const cases: Case[] = [
  windowed('average', [2, 9, 3], 2, 2, 'valid'),
  windowed('average', [2, 9, 3], 2, 2, 'same'),
  windowed('average', [1, 10, 2], 3, 2, 'same'),
  windowed('average', [2, 6, 2], 3, 1, 'same'),
  windowed('max', [2, 9, 3], 2, 2, 'valid'),
  windowed('max', [1, 10, 2], 3, 2, 'same'),
  windowed('max', [2, 6, 2], 3, 1, 'same'),
  global('average', [2, 7, 4]),
  global('max', [2, 7, 4]),
  {
    name: 'global_max_pool2d x[2,3,5,4]',
    input: [2, 3, 5, 4],
    reference: (x) => tf.max(x, [1, 2]),
    explicit: (x, dy) => {
      const { y, cache } = globalMaxPool2dForward(x as unknown as tf.Tensor4D);
      return [y, globalMaxPool2dBackward(dy as tf.Tensor2D, cache)];
    },
  },
];

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`1-D pooling on ${backend}`, () => {
    afterAll(() => useBackend('cpu'));
    for (const c of cases) {
      it(`${c.name}: output and gradient equal autograd on cpu`, async () => {
        await useBackend('cpu');
        const expected = tf.tidy(() => {
          const x = normal(c.input, 1);
          const y = c.reference(x);
          const dy = normal(y.shape, 2);
          return [y, autogradVjp(c.reference, [x], dy)[0]].map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }));
        });
        await useBackend(backend);
        tf.tidy(() => {
          const x = normal(c.input, 1) as tf.Tensor3D;
          const actual = c.explicit(x, normal(expected[0].shape, 2));
          actual.forEach((t, i) => expectClose(t, tf.tensor(expected[i].values, expected[i].shape)));
        });
      });
    }
  });
}

it('global max pooling sends a channel\'s gradient to its first maximum only', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    const x = tf.tensor3d([[[1], [3], [3], [2]]]);
    const { cache } = globalPool1dForward(x, 'max');
    expect(Array.from(globalPool1dBackward(tf.tensor2d([[5]]), cache).dataSync())).toEqual([0, 5, 0, 0]);
  });
});
