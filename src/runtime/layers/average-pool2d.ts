/**
 * Average pooling (NHWC) and global average pooling, with backward passes. Keras semantics: with
 * padding 'same' a window's mean is over the input cells it covers, the padded ones left out
 * (TensorFlow's AvgPool; PyTorch's nn.AvgPool2d needs count_include_pad=False for the same numbers).
 *
 * Backward: each window hands dy / (cells it covers) to each of those cells. With the channels moved
 * into the batch that is a transposed convolution of dy / count with a ones filter, so overlapping
 * windows add up and the padding geometry is TF's own.
 */
import * as tf from '@tensorflow/tfjs';
import { type WindowGeometry, windowGeometry } from '../shared/window-geometry.js';

export interface AveragePool2dCache {
  inputShape: [number, number, number, number];
  poolSize: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
}

export function averagePool2dForward(
  x: tf.Tensor4D,
  poolSize: [number, number],
  strides: [number, number],
  padding: 'valid' | 'same',
): { y: tf.Tensor4D; cache: AveragePool2dCache } {
  const y = tf.avgPool(x, poolSize, strides, padding);
  return { y, cache: { inputShape: x.shape, poolSize, strides, padding } };
}

/** How many input cells each window covers along one axis (all of them but at a 'same' border). */
function coveredCells(geometry: WindowGeometry, inSize: number, window: number, stride: number): number[] {
  return Array.from({ length: geometry.outSize }, (_, i) => {
    const start = i * stride - geometry.padBefore;
    return Math.min(start + window, inSize) - Math.max(start, 0);
  });
}

export function averagePool2dBackward(dy: tf.Tensor4D, cache: AveragePool2dCache): tf.Tensor4D {
  const { inputShape, poolSize, strides, padding } = cache;
  const [batch, height, width, channels] = inputShape;
  const rows = windowGeometry(height, poolSize[0], strides[0], padding);
  const columns = windowGeometry(width, poolSize[1], strides[1], padding);
  const rowCells = coveredCells(rows, height, poolSize[0], strides[0]);
  const columnCells = coveredCells(columns, width, poolSize[1], strides[1]);
  const counts = tf.tensor4d(rowCells.flatMap((r) => columnCells.map((c) => r * c)), [1, rows.outSize, columns.outSize, 1]);
  const share = tf.div(dy, counts);
  const planes = tf.reshape<tf.Rank.R4>(tf.transpose(share, [0, 3, 1, 2]), [batch * channels, rows.outSize, columns.outSize, 1]);
  const ones = tf.ones([poolSize[0], poolSize[1], 1, 1]) as tf.Tensor4D;
  const dxPlanes = tf.conv2dTranspose(planes, ones, [batch * channels, height, width, 1], strides, padding);
  return tf.transpose(tf.reshape<tf.Rank.R4>(dxPlanes, [batch, channels, height, width]), [0, 2, 3, 1]);
}

export interface GlobalAveragePool2dCache {
  inputShape: [number, number, number, number];
}

/** [N, H, W, C] -> [N, C]: Keras GlobalAveragePooling2D, torch x.mean(dim=(2, 3)) channels-first. */
export function globalAveragePool2dForward(x: tf.Tensor4D): { y: tf.Tensor2D; cache: GlobalAveragePool2dCache } {
  return { y: tf.mean(x, [1, 2]), cache: { inputShape: x.shape } };
}

export function globalAveragePool2dBackward(dy: tf.Tensor2D, cache: GlobalAveragePool2dCache): tf.Tensor4D {
  const [batch, height, width, channels] = cache.inputShape;
  const share = tf.reshape<tf.Rank.R4>(tf.div(dy, height * width), [batch, 1, 1, channels]);
  return tf.tile(share, [1, height, width, 1]);
}
