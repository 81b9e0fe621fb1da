/** Flatten [batch, ...] to [batch, features]; a reshape, so both directions are free (no copy). */
import * as tf from '@tensorflow/tfjs';

export interface FlattenCache {
  inputShape: number[];
}

export function flattenForward(x: tf.Tensor): { y: tf.Tensor2D; cache: FlattenCache } {
  const batch = x.shape[0];
  const y = tf.reshape(x, [batch, x.size / batch]) as tf.Tensor2D;
  return { y, cache: { inputShape: x.shape.slice() } };
}

export function flattenBackward(dy: tf.Tensor2D, cache: FlattenCache): tf.Tensor {
  return tf.reshape(dy, cache.inputShape);
}
