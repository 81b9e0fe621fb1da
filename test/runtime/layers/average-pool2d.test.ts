/**
 * Average pooling and global average pooling: the forward against a plain loop that averages the
 * input cells each window covers (Keras: padded cells left out), the backward against autograd of
 * that loop's tf twin on cpu; on wasm, the same numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  averagePool2dBackward,
  averagePool2dForward,
  globalAveragePool2dBackward,
  globalAveragePool2dForward,
} from '../../../src/runtime/layers/average-pool2d.js';
import { windowGeometry } from '../../../src/runtime/shared/window-geometry.js';
import { autogradVjp, expectClose, normal, useBackend } from './gradient-check.js';

interface Case {
  input: [number, number, number, number];
  pool: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
}
const cases: Case[] = [
  { input: [2, 8, 8, 3], pool: [2, 2], strides: [2, 2], padding: 'valid' },
  { input: [2, 7, 9, 2], pool: [2, 2], strides: [2, 2], padding: 'same' }, // uneven: the extra row/column after
  { input: [1, 9, 9, 2], pool: [3, 3], strides: [2, 2], padding: 'valid' },
  { input: [1, 8, 7, 2], pool: [3, 3], strides: [2, 2], padding: 'same' },
  { input: [2, 6, 5, 2], pool: [3, 2], strides: [1, 1], padding: 'same' },
  { input: [1, 5, 5, 1], pool: [5, 5], strides: [1, 1], padding: 'same' }, // padding past half the window
];

/** The mean of the input cells each window covers, by loops over the values. */
function loopAverage(x: tf.Tensor4D, c: Case): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const rows = windowGeometry(height, c.pool[0], c.strides[0], c.padding);
  const columns = windowGeometry(width, c.pool[1], c.strides[1], c.padding);
  const values = x.arraySync();
  const out: number[][][][] = [];
  for (let n = 0; n < batch; n++) {
    out.push([]);
    for (let p = 0; p < rows.outSize; p++) {
      out[n].push([]);
      for (let q = 0; q < columns.outSize; q++) {
        const cell: number[] = [];
        for (let ch = 0; ch < channels; ch++) {
          let sum = 0;
          let count = 0;
          for (let i = p * c.strides[0] - rows.padBefore; i < p * c.strides[0] - rows.padBefore + c.pool[0]; i++) {
            for (let j = q * c.strides[1] - columns.padBefore; j < q * c.strides[1] - columns.padBefore + c.pool[1]; j++) {
              if (i < 0 || j < 0 || i >= height || j >= width) continue;
              sum += values[n][i][j][ch];
              count += 1;
            }
          }
          cell.push(sum / count);
        }
        out[n][p].push(cell);
      }
    }
  }
  return tf.tensor4d(out);
}

/**
 * The same mean by differentiable ops, for autograd: the zero-padded window sums (a depthwise
 * convolution with a ones filter) over the covered-cell counts (the same sums of an all-ones input).
 * Not tf.avgPool's gradient: tfjs's AvgPoolGrad divides by the full window at a 'same' border.
 */
function windowSumsOverCounts(x: tf.Tensor4D, c: Case): tf.Tensor4D {
  const ones = tf.ones([c.pool[0], c.pool[1], x.shape[3], 1]) as tf.Tensor4D;
  const sums = tf.depthwiseConv2d(x, ones, c.strides, c.padding);
  const counts = tf.depthwiseConv2d(tf.onesLike(x), ones, c.strides, c.padding);
  return tf.div(sums, counts);
}

const name = (c: Case) => `x${JSON.stringify(c.input)} pool ${c.pool.join('x')} stride ${c.strides.join('x')} ${c.padding}`;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`average pooling on ${backend}`, () => {
    afterAll(() => useBackend('cpu'));

    for (const c of cases) {
      it(`${name(c)}: forward = the loop, backward = autograd on cpu`, async () => {
        await useBackend('cpu');
        const expected = tf.tidy(() => {
          const x = normal(c.input, 1) as tf.Tensor4D;
          const upstream = normal(loopAverage(x, c).shape, 2);
          return autogradVjp((t) => windowSumsOverCounts(t as tf.Tensor4D, c), [x], upstream)[0].arraySync();
        });
        await useBackend(backend);
        tf.tidy(() => {
          const x = normal(c.input, 1) as tf.Tensor4D;
          const { y, cache } = averagePool2dForward(x, c.pool, c.strides, c.padding);
          expectClose(y, loopAverage(x, c));
          const dx = averagePool2dBackward(normal(y.shape, 2) as tf.Tensor4D, cache);
          expectClose(dx, tf.tensor(expected as number[][][][]));
        });
      });
    }

    it('global average pooling: the mean over height and width, its gradient spread evenly', async () => {
      await useBackend(backend);
      tf.tidy(() => {
        const x = normal([2, 5, 3, 4], 1) as tf.Tensor4D;
        const { y, cache } = globalAveragePool2dForward(x);
        const values = x.arraySync();
        const loop = values.map((image) => [0, 1, 2, 3].map((ch) => image.flat().reduce((sum, cell) => sum + cell[ch], 0) / 15));
        expectClose(y, tf.tensor2d(loop));
        const upstream = normal([2, 4], 2) as tf.Tensor2D;
        const dx = globalAveragePool2dBackward(upstream, cache);
        const up = upstream.arraySync();
        expectClose(dx, tf.tensor4d(values.map((image, n) => image.map((row) => row.map(() => up[n].map((g) => g / 15))))));
      });
    });
  });
}

it('a window past the border averages only its real cells (Keras), not the padding (PyTorch default)', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    // 3x3 input of ones, 2x2 window stride 2 same: the last row/column windows cover 2 and 1 cells.
    const { y } = averagePool2dForward(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, [2, 2], [2, 2], 'same');
    expect(Array.from(y.dataSync())).toEqual([1, 1, 1, 1]);
  });
});
