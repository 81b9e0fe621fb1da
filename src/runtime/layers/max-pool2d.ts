/**
 * Max pooling (NHWC) with a backward pass made of tensor ops. tfjs's MaxPoolGrad on wasm is slow and
 * wrong (its running max starts at FLT_MIN, the smallest POSITIVE float, so a window whose values
 * are all ≤ 0 gets a wrong gradient); wasm's MaxPoolWithArgmax also disagrees with cpu on such
 * windows and picks the LAST maximum of a tie.
 *
 * Ties: as in TensorFlow (and tfjs's cpu kernel) the whole gradient of a window goes to ONE element,
 * the first maximum in row-major window order (tf.argMax returns the first index of the maximum).
 *
 * Measured at [64, 28, 28, 8], pool 2×2/2, on wasm on a loaded shared machine
 * (bench/experiments/kernels/max-pool-backward.mts, min ms): this 8.4, MaxPoolGrad 17.7 (and wrong), a JS loop
 * over dataSync 4.1 — faster, but a host read-back every step, which generated scripts avoid.
 * Tried and dropped: per-window-element planes via rank-6 Slice (149 ms) or StridedSlice (17 ms),
 * both in slow generic code on wasm, and an equality mask with rank-6 broadcasting (61 ms).
 */
import * as tf from '@tensorflow/tfjs';
import { windowGeometry } from '../shared/window-geometry.js';

export interface MaxPool2dCache {
  x: tf.Tensor4D;
  poolSize: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
}

export function maxPool2dForward(
  x: tf.Tensor4D,
  poolSize: [number, number],
  strides: [number, number],
  padding: 'valid' | 'same',
): { y: tf.Tensor4D; cache: MaxPool2dCache } {
  const y = tf.maxPool(x, poolSize, strides, padding);
  return { y, cache: { x, poolSize, strides, padding } };
}

export function maxPool2dBackward(dy: tf.Tensor4D, cache: MaxPool2dCache): tf.Tensor4D {
  const { x, poolSize, strides, padding } = cache;
  const [batch, height, width, channels] = x.shape;
  const [poolHeight, poolWidth] = poolSize;
  const rows = windowGeometry(height, poolHeight, strides[0], padding);
  const columns = windowGeometry(width, poolWidth, strides[1], padding);
  // The input region the windows read: from the first padded row to the end of the last window.
  const spanHeight = (rows.outSize - 1) * strides[0] + poolHeight;
  const spanWidth = (columns.outSize - 1) * strides[1] + poolWidth;
  const region = padOrCropRegion(x, rows.padBefore, spanHeight, columns.padBefore, spanWidth, Number.NEGATIVE_INFINITY);
  const regionShape: [number, number, number, number] = [batch, spanHeight, spanWidth, channels];

  // Index (in the flat region) of each window's first maximum, then ONE scatter-add of dy there:
  // windows that share their maximum (overlapping pools) add up, as in TF's MaxPoolGrad.
  const elementInWindow = tf.argMax(poolWindowsLast(region, poolSize, strides, rows.outSize, columns.outSize), -1);
  // Index arithmetic in float32 while it is exact (< 2²⁴): wasm's int32 elementwise ops measured
  // 3–4× slower than float32 ones on these sizes.
  const regionSize = batch * spanHeight * spanWidth * channels;
  const dtype = regionSize < 2 ** 24 ? 'float32' : 'int32';
  const k = tf.cast(elementInWindow, dtype);
  const rowInWindow = tf.floorDiv(k, tf.scalar(poolWidth, dtype));
  // Element k sits k·C + rowInWindow·(regionWidth − pw)·C after its window's top-left element.
  const offsetInWindow = tf.add(tf.mul(k, tf.scalar(channels, dtype)), tf.mul(rowInWindow, tf.scalar((spanWidth - poolWidth) * channels, dtype)));
  const windowStart = tf.tensor(poolWindowStartIndices(regionShape, dy.shape, strides), dy.shape, dtype);
  const flatIndex = tf.cast(tf.reshape(tf.add(windowStart, offsetInWindow), [-1, 1]), 'int32');
  const regionGradient = tf.reshape<tf.Rank.R4>(tf.scatterND(flatIndex, tf.reshape(dy, [-1]), [regionSize]), regionShape);
  // Back to the input's extent: padding dropped, rows no window reached get zeros.
  return padOrCropRegion(regionGradient, -rows.padBefore, height, -columns.padBefore, width, 0);
}

/** Rows [−before, −before + outHeight) and the same for columns, filling outside t with `fill`. */
function padOrCropRegion(t: tf.Tensor4D, before: number, outHeight: number, left: number, outWidth: number, fill: number): tf.Tensor4D {
  const [, height, width] = t.shape;
  const cropTop = Math.max(-before, 0);
  const cropLeft = Math.max(-left, 0);
  const keptHeight = Math.min(height - cropTop, outHeight - Math.max(before, 0));
  const keptWidth = Math.min(width - cropLeft, outWidth - Math.max(left, 0));
  const cropped = cropTop > 0 || cropLeft > 0 || keptHeight < height || keptWidth < width;
  const kept = cropped ? tf.slice(t, [0, cropTop, cropLeft, 0], [-1, keptHeight, keptWidth, -1]) : t;
  const padTop = Math.max(before, 0);
  const padLeft = Math.max(left, 0);
  const padBottom = outHeight - padTop - keptHeight;
  const padRight = outWidth - padLeft - keptWidth;
  if (padTop === 0 && padLeft === 0 && padBottom === 0 && padRight === 0) return kept;
  return tf.pad(kept, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]], fill);
}

/** [n, outH, outW, c, ph·pw]: every window's elements along the last axis, in row-major order. */
function poolWindowsLast(
  region: tf.Tensor4D,
  [poolHeight, poolWidth]: [number, number],
  strides: [number, number],
  outHeight: number,
  outWidth: number,
): tf.Tensor {
  const [batch, , , channels] = region.shape;
  if (poolHeight === strides[0] && poolWidth === strides[1]) {
    // Non-overlapping windows tile the region: a reshape and one transpose (1.4 ms at [64,28,28,8]).
    const tiles = tf.reshape(region, [batch, outHeight, poolHeight, outWidth, poolWidth, channels]);
    return tf.reshape(tf.transpose(tiles, [0, 1, 3, 5, 2, 4]), [batch, outHeight, outWidth, channels, poolHeight * poolWidth]);
  }
  // Overlapping or gapped windows (rarer): one strided slice per window element.
  const elements: tf.Tensor[] = [];
  for (let i = 0; i < poolHeight; i++) {
    for (let j = 0; j < poolWidth; j++) {
      const end = [batch, i + (outHeight - 1) * strides[0] + 1, j + (outWidth - 1) * strides[1] + 1, channels];
      elements.push(tf.stridedSlice(region, [0, i, j, 0], end, [1, strides[0], strides[1], 1]));
    }
  }
  return tf.stack(elements, 4);
}

/** Flat index in the region of each window's top-left element, per output position and channel. */
export function poolWindowStartIndices(
  [, regionHeight, regionWidth, channels]: [number, number, number, number],
  [batch, outHeight, outWidth]: number[],
  strides: [number, number],
): Int32Array {
  const indices = new Int32Array(batch * outHeight * outWidth * channels);
  let i = 0;
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < outHeight; p++) {
      for (let q = 0; q < outWidth; q++) {
        const start = ((n * regionHeight + p * strides[0]) * regionWidth + q * strides[1]) * channels;
        for (let c = 0; c < channels; c++) indices[i++] = start + c;
      }
    }
  }
  return indices;
}
