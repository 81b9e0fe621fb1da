/**
 * 1-D pooling on [batch, steps, channels] (Keras's channels-last AveragePooling1D, MaxPooling1D and
 * their global forms). A window over steps is a [k, 1] window over [batch, steps, 1, channels], so the
 * windowed ones reuse the 2-D kernels and their backward passes (TF's padding, Keras's mean over real
 * cells, max-pool's first maximum).
 */
import * as tf from '@tensorflow/tfjs';
import { type AveragePool2dCache, averagePool2dBackward, averagePool2dForward } from './average-pool2d.js';
import { type MaxPool2dCache, maxPool2dBackward, maxPool2dForward } from './max-pool2d.js';

export interface Pool1dCache {
  kind: 'average' | 'max';
  planar: AveragePool2dCache | MaxPool2dCache;
}

function asImage(x: tf.Tensor3D): tf.Tensor4D {
  const [batch, steps, channels] = x.shape;
  return tf.reshape(x, [batch, steps, 1, channels]);
}

function asSequence(x: tf.Tensor4D): tf.Tensor3D {
  const [batch, steps, , channels] = x.shape;
  return tf.reshape(x, [batch, steps, channels]);
}

export function pool1dForward(
  x: tf.Tensor3D,
  kind: 'average' | 'max',
  poolSize: number,
  stride: number,
  padding: 'valid' | 'same',
): { y: tf.Tensor3D; cache: Pool1dCache } {
  const image = asImage(x);
  const planar = kind === 'max' ? maxPool2dForward(image, [poolSize, 1], [stride, 1], padding) : averagePool2dForward(image, [poolSize, 1], [stride, 1], padding);
  return { y: asSequence(planar.y), cache: { kind, planar: planar.cache } };
}

export function pool1dBackward(dy: tf.Tensor3D, cache: Pool1dCache): tf.Tensor3D {
  const image = asImage(dy);
  const dx = cache.kind === 'max' ? maxPool2dBackward(image, cache.planar as MaxPool2dCache) : averagePool2dBackward(image, cache.planar as AveragePool2dCache);
  return asSequence(dx);
}

export interface GlobalPool1dCache {
  kind: 'average' | 'max';
  x: tf.Tensor3D;
}

export interface GlobalMaxPool2dCache {
  cells: GlobalPool1dCache;
  inputShape: [number, number, number, number];
}

/** [batch, steps, channels] -> [batch, channels]: the mean, or the maximum, over the steps. */
export function globalPool1dForward(x: tf.Tensor3D, kind: 'average' | 'max'): { y: tf.Tensor2D; cache: GlobalPool1dCache } {
  return { y: kind === 'max' ? tf.max(x, 1) : tf.mean(x, 1), cache: { kind, x } };
}

export function globalPool1dBackward(dy: tf.Tensor2D, cache: GlobalPool1dCache): tf.Tensor3D {
  const [batch, steps, channels] = cache.x.shape;
  const perStep = tf.reshape<tf.Rank.R3>(dy, [batch, 1, channels]);
  if (cache.kind === 'average') return tf.tile(tf.div<tf.Tensor3D>(perStep, steps), [1, steps, 1]);
  // The whole gradient of a channel goes to its first maximum over the steps (tf.argMax's choice, as TF's max).
  const first = tf.oneHot(tf.argMax<tf.Tensor2D>(cache.x, 1), steps) as tf.Tensor3D; // [batch, channels, steps]
  return tf.mul(tf.transpose(first, [0, 2, 1]), perStep);
}

/** [batch, height, width, channels] -> [batch, channels]: global max pooling is 1-D max pooling over the height·width cells. */
export function globalMaxPool2dForward(x: tf.Tensor4D): { y: tf.Tensor2D; cache: GlobalMaxPool2dCache } {
  const [batch, height, width, channels] = x.shape;
  const { y, cache } = globalPool1dForward(tf.reshape(x, [batch, height * width, channels]), 'max');
  return { y, cache: { cells: cache, inputShape: x.shape } };
}

export function globalMaxPool2dBackward(dy: tf.Tensor2D, cache: GlobalMaxPool2dCache): tf.Tensor4D {
  return tf.reshape(globalPool1dBackward(dy, cache.cells), cache.inputShape);
}
