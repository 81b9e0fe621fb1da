/**
 * Small networks trained with the explicit layer kernels exactly as a generated script would:
 * forward, loss, backward in reverse order, SGD update, all inside the caller's tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormBackward, batchNormForward } from '../../../src/runtime/layers/batch-norm.js';
import { conv2dBackward, conv2dForward } from '../../../src/runtime/layers/conv2d.js';
import { denseBackward, denseForward } from '../../../src/runtime/layers/dense.js';
import { dropoutBackward, dropoutForward } from '../../../src/runtime/layers/dropout.js';
import { flattenBackward, flattenForward } from '../../../src/runtime/layers/flatten.js';
import { maxPool2dBackward, maxPool2dForward } from '../../../src/runtime/layers/max-pool2d.js';
import { softmaxCrossEntropy } from '../../../src/runtime/layers/losses.js';

export type Net = Record<string, tf.Variable>;

const learningRate = 0.1;
/** Keras-convention L2 coefficient (penalty l2·Σw², gradient 2·l2·w). */
const l2 = 0.0005;

/** w ← w·(1 − lr·2·l2) − lr·dw: SGD with the L2 gradient folded into one decay factor. */
function sgdWithL2(w: tf.Variable, dw: tf.Tensor): void {
  w.assign(tf.sub(tf.mul(w, 1 - learningRate * 2 * l2), tf.mul(dw, learningRate)));
}

function batch(step: number, shape: number[], classes: number): { x: tf.Tensor; y: tf.Tensor2D } {
  const x = tf.randomUniform(shape, 0, 1, 'float32', step);
  const labels = tf.randomUniform([shape[0]], 0, classes, 'int32', step + 1);
  return { x, y: tf.oneHot(labels, classes).toFloat() as tf.Tensor2D };
}

export function makeDenseNet(inputs = 784, hidden = 64, classes = 10): Net {
  return {
    // Dense kernels units-major, [units, in], as the dense layer holds them.
    w1: tf.variable(tf.truncatedNormal([hidden, inputs], 0, 0.05, 'float32', 1)),
    b1: tf.variable(tf.zeros([hidden])),
    w2: tf.variable(tf.truncatedNormal([classes, hidden], 0, 0.05, 'float32', 2)),
    b2: tf.variable(tf.zeros([classes])),
  };
}

/** One step of inputs→relu→dropout 0.5→softmax; returns the loss. */
export function denseNetStep(net: Net, step: number, batchSize = 16): tf.Scalar {
  const [inputs, classes] = [net.w1.shape[1] as number, net.w2.shape[0] as number];
  const { x, y } = batch(step, [batchSize, inputs], classes);
  const hidden = denseForward(x as tf.Tensor2D, net.w1 as tf.Tensor2D, net.b1 as tf.Tensor1D, 'relu');
  const dropped = dropoutForward(hidden.y, 0.5, 1000 + step);
  const logits = denseForward(dropped.y, net.w2 as tf.Tensor2D, net.b2 as tf.Tensor1D, 'linear');
  const { loss, dLogits } = softmaxCrossEntropy(logits.y, y);
  const out = denseBackward(dLogits, logits.cache, true);
  const first = denseBackward(dropoutBackward(out.dx!, dropped.cache), hidden.cache, false);
  sgdWithL2(net.w2, out.dKernel);
  sgdWithL2(net.b2, out.dBias!);
  sgdWithL2(net.w1, first.dKernel);
  sgdWithL2(net.b1, first.dBias!);
  return loss;
}

/**
 * conv8 5×5 same relu, max-pool 2, batch-norm, conv16 3×3 (stride `conv2Stride`) same relu,
 * max-pool 2 same, flatten, dropout 0.5, dense 10, on 28×28×1 inputs.
 */
export function makeConvNet(conv2Stride = 1): Net {
  const afterPools = Math.ceil(Math.ceil(14 / conv2Stride) / 2);
  return {
    k1: tf.variable(tf.truncatedNormal([5, 5, 1, 8], 0, 0.2, 'float32', 1)),
    b1: tf.variable(tf.zeros([8])),
    gamma: tf.variable(tf.ones([8])),
    beta: tf.variable(tf.zeros([8])),
    movingMean: tf.variable(tf.zeros([8]), false),
    movingVariance: tf.variable(tf.ones([8]), false),
    k2: tf.variable(tf.truncatedNormal([3, 3, 8, 16], 0, 0.1, 'float32', 2)),
    b2: tf.variable(tf.zeros([16])),
    stride: tf.variable(tf.scalar(conv2Stride), false),
    w3: tf.variable(tf.truncatedNormal([10, afterPools * afterPools * 16], 0, 0.05, 'float32', 3)),
    b3: tf.variable(tf.zeros([10])),
  };
}

export function convNetStep(net: Net, step: number, batchSize = 8): tf.Scalar {
  const stride = net.stride.arraySync() as number;
  const { x, y } = batch(step, [batchSize, 28, 28, 1], 10);
  const c1 = conv2dForward(x as tf.Tensor4D, net.k1 as tf.Tensor4D, net.b1 as tf.Tensor1D, [1, 1], 'same', 'relu');
  const p1 = maxPool2dForward(c1.y, [2, 2], [2, 2], 'valid');
  const bn = batchNormForward(p1.y, net.gamma as tf.Tensor1D, net.beta as tf.Tensor1D, net.movingMean as tf.Tensor1D, net.movingVariance as tf.Tensor1D, {
    momentum: 0.99,
    epsilon: 1e-3,
    training: true,
  });
  const c2 = conv2dForward(bn.y, net.k2 as tf.Tensor4D, net.b2 as tf.Tensor1D, [stride, stride], 'same', 'relu');
  const p2 = maxPool2dForward(c2.y, [2, 2], [2, 2], 'same');
  const flat = flattenForward(p2.y);
  const dropped = dropoutForward(flat.y, 0.5, 2000 + step);
  const logits = denseForward(dropped.y, net.w3 as tf.Tensor2D, net.b3 as tf.Tensor1D, 'linear');
  const { loss, dLogits } = softmaxCrossEntropy(logits.y, y);

  const g3 = denseBackward(dLogits, logits.cache, true);
  const dFlat = dropoutBackward(g3.dx!, dropped.cache);
  const dP2 = flattenBackward(dFlat, flat.cache) as tf.Tensor4D;
  const g2 = conv2dBackward(maxPool2dBackward(dP2, p2.cache), c2.cache, true);
  const gBn = batchNormBackward(g2.dx!, bn.cache);
  const g1 = conv2dBackward(maxPool2dBackward(gBn.dx, p1.cache), c1.cache, false);

  sgdWithL2(net.w3, g3.dKernel);
  sgdWithL2(net.b3, g3.dBias!);
  sgdWithL2(net.k2, g2.dKernel);
  sgdWithL2(net.b2, g2.dBias!);
  sgdWithL2(net.gamma, gBn.dGamma);
  sgdWithL2(net.beta, gBn.dBeta);
  sgdWithL2(net.k1, g1.dKernel);
  sgdWithL2(net.b1, g1.dBias!);
  net.movingMean.assign(bn.movingMean!);
  net.movingVariance.assign(bn.movingVariance!);
  return loss;
}
