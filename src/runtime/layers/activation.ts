/**
 * Activations and their explicit gradients, written in terms of the activation's OUTPUT y,
 * so a layer only keeps y alive for its backward pass (never the pre-activation).
 * Used standalone (activation layers) and by dense / conv2d after their fused forward.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../shared/layer-config.js';

export interface ActivationCache {
  activation: Activation;
  /** The activation's output: every gradient below is a function of it. */
  y: tf.Tensor;
}

/**
 * Activations that tf.fused.matMul / tf.fused.conv2d apply inside the same kernel on wasm
 * (the backend's FusableActivation list); the others run as a separate op after the fused bias.
 */
export function isFusableActivation(activation: Activation): activation is 'linear' | 'relu' | 'elu' | 'sigmoid' {
  return activation === 'linear' || activation === 'relu' || activation === 'elu' || activation === 'sigmoid';
}

const ACTIVATIONS: Record<Activation, (z: tf.Tensor) => tf.Tensor> = {
  linear: (z) => z,
  relu: tf.relu,
  elu: tf.elu,
  selu: tf.selu,
  tanh: tf.tanh,
  sigmoid: tf.sigmoid,
  // Over the last axis, as Keras does.
  softmax: (z) => tf.softmax(z),
};

export function applyActivation<T extends tf.Tensor>(z: T, activation: Activation): T {
  return ACTIVATIONS[activation](z) as T;
}

export function activationForward<T extends tf.Tensor>(x: T, activation: Activation): { y: T; cache: ActivationCache } {
  const y = applyActivation(x, activation);
  return { y, cache: { activation, y } };
}

/** dL/dz from dL/dy, where y = activation(z). */
export function activationBackward<T extends tf.Tensor>(dy: T, cache: ActivationCache): T {
  const y = cache.y;
  switch (cache.activation) {
    case 'linear':
      return dy;
    case 'relu':
      // step(y) is 1 where z > 0 and 0 elsewhere (also at z = 0, like TF's ReluGrad).
      return tf.mul(dy, tf.step(y)) as T;
    case 'elu':
      // z <= 0: y = exp(z) - 1, so dy/dz = exp(z) = y + 1.
      return tf.where(tf.greater(y, 0), dy, tf.mul(dy, tf.add(y, 1))) as T;
    case 'selu': {
      // Constants of tf.selu (Klambauer et al. 2017). z <= 0: y = scale·alpha·(exp(z) − 1),
      // so dy/dz = scale·alpha·exp(z) = y + scale·alpha.
      const scale = 1.0507009873554805;
      const scaleAlpha = 1.7580993408473766;
      return tf.where(tf.greater(y, 0), tf.mul(dy, scale), tf.mul(dy, tf.add(y, scaleAlpha))) as T;
    }
    case 'tanh':
      return tf.mul(dy, tf.sub(1, tf.square(y))) as T;
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y))) as T;
    case 'softmax': {
      // Jacobian-vector product of softmax over the last axis: y ⊙ (dy − Σ(dy ⊙ y)).
      const dotAlongLastAxis = tf.sum(tf.mul(dy, y), -1, true);
      return tf.mul(y, tf.sub(dy, dotAlongLastAxis)) as T;
    }
  }
}
