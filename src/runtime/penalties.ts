/**
 * Regularization penalties (Keras convention: l2 adds λ·Σw², l1 adds λ·Σ|w|) and their gradients,
 * which the generated backward pass adds to the data-loss gradient of each penalized parameter.
 */
import * as tf from '@tensorflow/tfjs';

export function l2Penalty(lambda: number, weights: tf.Tensor): tf.Scalar {
  return tf.mul(lambda, tf.sum(tf.square(weights)));
}

export function l1Penalty(lambda: number, weights: tf.Tensor): tf.Scalar {
  return tf.mul(lambda, tf.sum(tf.abs(weights)));
}

/** d(λ·Σw²)/dw = 2λw. */
export function l2PenaltyGradient<T extends tf.Tensor>(lambda: number, weights: T): T {
  return tf.mul(2 * lambda, weights);
}

/** d(λ·Σ|w|)/dw = λ·sign(w), taking sign(0) = 0 as TF does. */
export function l1PenaltyGradient<T extends tf.Tensor>(lambda: number, weights: T): T {
  return tf.mul(lambda, tf.sign(weights));
}
