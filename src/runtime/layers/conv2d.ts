/**
 * 2-D convolution (NHWC, kernel [kh, kw, in, out]) with an explicit backward pass made only of
 * FORWARD Conv2D kernels, the one convolution wasm runs fast (XNNPACK):
 * - Conv2DBackpropFilter is not registered on wasm at all (training any conv net fails);
 * - Conv2DBackpropInput is a naive loop: for a 3×3, 8→16 layer at [64, 14, 14] it took 14.9 ms,
 *   the forward conv below 0.92 ms (bench/experiments/kernels/conv-step.mts).
 * For a 1-channel first layer (5×5, batch 64, 28×28) the swapped forward conv below took 3.2–3.9 ms
 * CPU; im2col from 25 shifted slices + one matMul 67 ms (bench/experiments/kernels/first-layer-kernel-gradient.mts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../shared/layer-config.js';
import { type ActivationCache, activationBackward, applyActivation, isFusableActivation } from './activation.js';
import { sumAllButLastAxis } from './column-sums.js';
import { windowGeometry } from '../shared/window-geometry.js';

export interface Conv2dCache {
  x: tf.Tensor4D;
  kernel: tf.Tensor4D;
  strides: [number, number];
  padding: 'valid' | 'same';
  hasBias: boolean;
  activation: ActivationCache;
}

export function conv2dForward(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  bias: tf.Tensor1D | null,
  strides: [number, number],
  padding: 'valid' | 'same',
  activation: Activation,
): { y: tf.Tensor4D; cache: Conv2dCache } {
  const fusable = isFusableActivation(activation);
  // Without a gradient tape tf.fused.conv2d keeps bias and relu/elu/sigmoid inside the conv kernel.
  const z = tf.fused.conv2d({
    x,
    filter: kernel,
    strides,
    pad: padding,
    bias: bias ?? undefined,
    activation: fusable ? activation : 'linear',
  });
  const y: tf.Tensor4D = fusable ? z : applyActivation(z, activation);
  return { y, cache: { x, kernel, strides, padding, hasBias: bias !== null, activation: { activation, y } } };
}

export function conv2dBackward(
  dy: tf.Tensor4D,
  cache: Conv2dCache,
  needInputGrad: boolean,
): { dx: tf.Tensor4D | null; dKernel: tf.Tensor4D; dBias: tf.Tensor1D | null } {
  const dz = activationBackward(dy, cache.activation);
  const dBias = cache.hasBias ? sumAllButLastAxis(dz) : null;
  const dKernel = conv2dKernelGradient(cache.x, dz, cache.kernel.shape, cache.strides, cache.padding);
  const dx = needInputGrad ? conv2dInputGradient(dz, cache.kernel, cache.x.shape, cache.strides, cache.padding) : null;
  return { dx, dKernel, dBias };
}

/**
 * dK[i,j,c,o] = Σ_{n,p,q} xpad[n, p·s + i, q·s + j, c] · dz[n,p,q,o]: a forward convolution of x with
 * batch and channels swapped ([c, H, W, n]) by dz used as the filter ([p, q, n, o]); a stride s of
 * the layer becomes a dilation s of that filter. Padding is explicit; rows/columns that no window
 * reaches ('valid' with a remainder) are cropped so the result is exactly [kh, kw].
 */
export function conv2dKernelGradient(
  x: tf.Tensor4D,
  dz: tf.Tensor4D,
  kernelShape: [number, number, number, number],
  strides: [number, number],
  padding: 'valid' | 'same',
): tf.Tensor4D {
  const [, height, width] = x.shape;
  const [kernelHeight, kernelWidth] = kernelShape;
  const rows = windowGeometry(height, kernelHeight, strides[0], padding);
  const columns = windowGeometry(width, kernelWidth, strides[1], padding);
  // Padding after the input so the last window ends exactly at the padded edge; negative = crop.
  const rowsAfter = kernelHeight + (rows.outSize - 1) * strides[0] - height - rows.padBefore;
  const columnsAfter = kernelWidth + (columns.outSize - 1) * strides[1] - width - columns.padBefore;
  const cropped = tf.slice(x, [0, 0, 0, 0], [-1, height + Math.min(rowsAfter, 0), width + Math.min(columnsAfter, 0), -1]);
  const channelsAsBatch = tf.transpose(cropped, [3, 1, 2, 0]);
  const gradientAsFilter = tf.transpose(dz, [1, 2, 0, 3]);
  const swapped = tf.conv2d(
    channelsAsBatch,
    gradientAsFilter,
    1,
    [
      [0, 0],
      [rows.padBefore, Math.max(rowsAfter, 0)],
      [columns.padBefore, Math.max(columnsAfter, 0)],
      [0, 0],
    ],
    'NHWC',
    strides,
  );
  return tf.transpose(swapped, [1, 2, 0, 3]);
}

/**
 * dx = full correlation of dz (dilated by the stride) with the spatially flipped kernel whose in/out
 * channels are swapped: one forward conv with explicit padding instead of Conv2DBackpropInput.
 */
export function conv2dInputGradient(
  dz: tf.Tensor4D,
  kernel: tf.Tensor4D,
  inputShape: [number, number, number, number],
  strides: [number, number],
  padding: 'valid' | 'same',
): tf.Tensor4D {
  const [, height, width] = inputShape;
  const [kernelHeight, kernelWidth] = kernel.shape;
  const rows = windowGeometry(height, kernelHeight, strides[0], padding);
  const columns = windowGeometry(width, kernelWidth, strides[1], padding);
  const dilated = dilateSpatially(dz, strides);
  const [, dilatedHeight, dilatedWidth] = dilated.shape;
  const rowsBefore = kernelHeight - 1 - rows.padBefore;
  const columnsBefore = kernelWidth - 1 - columns.padBefore;
  const flippedSwapped = tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]);
  return tf.conv2d(dilated, flippedSwapped, 1, [
    [0, 0],
    [rowsBefore, height + kernelHeight - 1 - rowsBefore - dilatedHeight],
    [columnsBefore, width + kernelWidth - 1 - columnsBefore - dilatedWidth],
    [0, 0],
  ]);
}

/** Inserts stride − 1 zeros between neighbouring rows and columns (identity for stride 1). */
export function dilateSpatially(t: tf.Tensor4D, strides: [number, number]): tf.Tensor4D {
  const [sh, sw] = strides;
  if (sh === 1 && sw === 1) return t;
  const [batch, height, width, channels] = t.shape;
  const spread = tf.pad(tf.reshape(t, [batch, height, 1, width, 1, channels]), [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  const flat = tf.reshape<tf.Rank.R4>(spread, [batch, height * sh, width * sw, channels]);
  return tf.slice(flat, [0, 0, 0, 0], [-1, (height - 1) * sh + 1, (width - 1) * sw + 1, -1]);
}
