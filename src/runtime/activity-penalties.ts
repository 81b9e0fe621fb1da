/**
 * Penalties on a layer's output (Keras activity_regularizer), per example as tf.keras 2 adds them
 * (the regularizer's value divided by the batch size), with their gradient with respect to the
 * output, which the generated backward pass adds to the data loss's gradient at that layer.
 */
import * as tf from '@tensorflow/tfjs';

export interface ActivityPenalty<T extends tf.Tensor> {
  penalty: tf.Scalar;
  dOutput: T;
}

/** λ·Σ|a| / batch; gradient λ·sign(a) / batch (sign(0) = 0, as TF). */
export function l1ActivityPenalty<T extends tf.Tensor>(lambda: number, output: T): ActivityPenalty<T> {
  const scale = lambda / output.shape[0];
  return { penalty: tf.mul(scale, tf.sum(tf.abs(output))), dOutput: tf.mul(scale, tf.sign(output)) };
}

/** λ·Σa² / batch; gradient 2λ·a / batch. */
export function l2ActivityPenalty<T extends tf.Tensor>(lambda: number, output: T): ActivityPenalty<T> {
  const scale = lambda / output.shape[0];
  return { penalty: tf.mul(scale, tf.sum(tf.square(output))), dOutput: tf.mul(2 * scale, output) };
}
