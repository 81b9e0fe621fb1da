/**
 * Losses, averaged over the batch as Keras does, each returning the loss and its gradient with
 * respect to the network's last output (logits for the cross-entropies), so no autograd is needed.
 */
import * as tf from '@tensorflow/tfjs';

export interface LossAndGradient<T extends tf.Tensor> {
  loss: tf.Scalar;
  dLogits: T;
}

/**
 * Categorical cross-entropy from logits (rows of oneHot sum to 1). logSoftmax subtracts the row
 * maximum, so large logits neither overflow exp nor give log(0); dLogits = (softmax − y) / n.
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): LossAndGradient<tf.Tensor2D> {
  const batch = logits.shape[0];
  const logProbabilities = tf.logSoftmax(logits);
  const loss = tf.div(tf.neg(tf.sum(tf.mul(oneHot, logProbabilities))), batch) as tf.Scalar;
  const dLogits = tf.div(tf.sub(tf.exp(logProbabilities), oneHot), batch) as tf.Tensor2D;
  return { loss, dLogits };
}

/**
 * Binary cross-entropy from logits z with labels y in [0, 1], mean over all elements (Keras: mean
 * over the last axis, then over the batch). Stable form max(z, 0) − z·y + log(1 + exp(−|z|)), as in
 * TF's sigmoid_cross_entropy_with_logits; dLogits = (sigmoid(z) − y) / size.
 */
export function sigmoidCrossEntropy(logits: tf.Tensor2D, labels01: tf.Tensor2D): LossAndGradient<tf.Tensor2D> {
  const count = logits.size;
  const perElement = tf.add(
    tf.sub(tf.relu(logits), tf.mul(logits, labels01)),
    tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
  );
  const loss = tf.div(tf.sum(perElement), count) as tf.Scalar;
  const dLogits = tf.div(tf.sub(tf.sigmoid(logits), labels01), count) as tf.Tensor2D;
  return { loss, dLogits };
}

/** Mean squared error over all elements (Keras: mean over the last axis, then over the batch). */
export function meanSquaredError<T extends tf.Tensor>(prediction: T, target: T): LossAndGradient<T> {
  const count = prediction.size;
  const difference = tf.sub(prediction, target);
  const loss = tf.div(tf.sum(tf.square(difference)), count) as tf.Scalar;
  const dLogits = tf.mul(difference, 2 / count) as T;
  return { loss, dLogits };
}
