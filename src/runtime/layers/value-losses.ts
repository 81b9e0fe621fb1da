/**
 * Losses on real-valued targets and class-weighted cross-entropies, each returning the loss and its
 * gradient with respect to the network's last output, as losses.ts does. Averages are over every
 * element of the [batch, k] output: Keras's mean over the last axis then over the batch, and torch's
 * reduction 'mean', agree on such a tensor.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossAndGradient } from './losses.js';

/** Mean absolute error; d/dprediction = sign(prediction − target) / size, sign(0) = 0 as tf.abs's gradient. */
export function meanAbsoluteError(prediction: tf.Tensor2D, target: tf.Tensor2D): LossAndGradient<tf.Tensor2D> {
  const count = prediction.size;
  const difference = tf.sub(prediction, target);
  const loss = tf.div(tf.sum(tf.abs(difference)), count) as tf.Scalar;
  const dLogits = tf.div(tf.sign(difference), count) as tf.Tensor2D;
  return { loss, dLogits };
}

/**
 * Huber loss with threshold δ, mean over all elements: 0.5·e² where |e| ≤ δ, else δ·(|e| − 0.5·δ)
 * (Keras Huber(delta), torch HuberLoss(delta); torch's SmoothL1Loss(beta) is this divided by beta).
 * d/dprediction = clip(e, −δ, δ) / size.
 */
export function huberLoss(prediction: tf.Tensor2D, target: tf.Tensor2D, delta: number): LossAndGradient<tf.Tensor2D> {
  const count = prediction.size;
  const error = tf.sub(prediction, target);
  const absolute = tf.abs(error);
  const clipped = tf.minimum(absolute, delta);
  // 0.5·c² + δ·(|e| − c) with c = min(|e|, δ): both branches in one expression.
  const perElement = tf.add(tf.mul(0.5, tf.square(clipped)), tf.mul(delta, tf.sub(absolute, clipped)));
  const loss = tf.div(tf.sum(perElement), count) as tf.Scalar;
  const dLogits = tf.div(tf.clipByValue(error, -delta, delta), count) as tf.Tensor2D;
  return { loss, dLogits };
}

/**
 * Categorical cross-entropy with one weight per class, Keras class_weight: Σ w_yi·l_i / N (not torch
 * CrossEntropyLoss(weight=)'s Σ w_yi·l_i / Σ w_yi). The example's weight is oneHot · weights.
 */
export function classWeightedSoftmaxCrossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D, weights: number[]): LossAndGradient<tf.Tensor2D> {
  const batch = logits.shape[0];
  const exampleWeights = tf.sum(tf.mul(oneHot, tf.tensor1d(weights)), 1, true);
  const logProbabilities = tf.logSoftmax(logits);
  const perExample = tf.neg(tf.sum(tf.mul(oneHot, logProbabilities), 1, true));
  const loss = tf.div(tf.sum(tf.mul(exampleWeights, perExample)), batch) as tf.Scalar;
  const dLogits = tf.div(tf.mul(exampleWeights, tf.sub(tf.exp(logProbabilities), oneHot)), batch) as tf.Tensor2D;
  return { loss, dLogits };
}

/**
 * Binary cross-entropy from one logit per example with 0/1 labels and weights [w0, w1], Keras class_weight:
 * Σ w_yi·l_i / N, the stable form of sigmoidCrossEntropy.
 */
export function classWeightedSigmoidCrossEntropy(logits: tf.Tensor2D, labels01: tf.Tensor2D, weights: number[]): LossAndGradient<tf.Tensor2D> {
  const count = logits.size;
  const exampleWeights = tf.add(tf.mul(labels01, weights[1]), tf.mul(tf.sub(1, labels01), weights[0]));
  const perElement = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels01)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  const loss = tf.div(tf.sum(tf.mul(exampleWeights, perElement)), count) as tf.Scalar;
  const dLogits = tf.div(tf.mul(exampleWeights, tf.sub(tf.sigmoid(logits), labels01)), count) as tf.Tensor2D;
  return { loss, dLogits };
}
