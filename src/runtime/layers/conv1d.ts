/**
 * Keras Conv1D on [batch, steps, channels] with a kernel [k, in, filters]: a convolution over steps is a
 * conv2d with a [k, 1] kernel over [batch, steps, 1, channels], so the 2-D kernels (TF's padding, the
 * fused activation, the fast wasm backward passes) do the work; only the shapes are reshaped.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../shared/layer-config.js';
import { type Conv2dCache, conv2dBackward, conv2dForward } from './conv2d.js';

export interface Conv1dCache {
  planar: Conv2dCache;
  inputShape: [number, number, number];
}

export function conv1dForward(
  x: tf.Tensor3D,
  kernel: tf.Tensor3D,
  bias: tf.Tensor1D | null,
  stride: number,
  padding: 'valid' | 'same',
  activation: Activation,
): { y: tf.Tensor3D; cache: Conv1dCache } {
  const [batch, steps, channels] = x.shape;
  const [k, inputs, filters] = kernel.shape;
  const image = tf.reshape<tf.Rank.R4>(x, [batch, steps, 1, channels]);
  const planar = conv2dForward(image, tf.reshape<tf.Rank.R4>(kernel, [k, 1, inputs, filters]), bias, [stride, 1], padding, activation);
  const [, outSteps] = planar.y.shape;
  return { y: tf.reshape(planar.y, [batch, outSteps, filters]), cache: { planar: planar.cache, inputShape: x.shape } };
}

export function conv1dBackward(
  dy: tf.Tensor3D,
  cache: Conv1dCache,
  needInputGrad: boolean,
): { dx: tf.Tensor3D | null; dKernel: tf.Tensor3D; dBias: tf.Tensor1D | null } {
  const [batch, outSteps, filters] = dy.shape;
  const g = conv2dBackward(tf.reshape<tf.Rank.R4>(dy, [batch, outSteps, 1, filters]), cache.planar, needInputGrad);
  const [k, , inputs] = g.dKernel.shape;
  return {
    dx: g.dx === null ? null : tf.reshape(g.dx, cache.inputShape),
    dKernel: tf.reshape(g.dKernel, [k, inputs, filters]),
    dBias: g.dBias,
  };
}
