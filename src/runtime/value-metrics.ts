/**
 * Evaluation metrics where accuracy means nothing, summed per batch as evaluateInBatches sums the
 * correct examples (it divides by the example count): each example contributes its mean over its outputs.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Multi-label binary accuracy (Keras binary_accuracy on logits): per example, the fraction of its
 * outputs whose sign (logit > 0, probability > 0.5) matches its target thresholded at 0.5.
 */
export function binaryAccuracyCount(outputs: tf.Tensor2D, _labels: tf.Tensor1D, targets: tf.Tensor2D): tf.Scalar {
  const matches = tf.equal(tf.greater(outputs, 0), tf.greater(targets, 0.5));
  return tf.div(tf.sum(tf.cast(matches, 'float32')), outputs.shape[1]);
}

/** Mean absolute error: per example, the mean |output − target| over its outputs. */
export function absoluteErrorSum(outputs: tf.Tensor2D, _labels: tf.Tensor1D, targets: tf.Tensor2D): tf.Scalar {
  return tf.div(tf.sum(tf.abs(tf.sub(outputs, targets))), outputs.shape[1]);
}

/**
 * A tagger's accuracy: per example, the fraction of its positions whose largest logit is the position's
 * label (outputs [batch, steps·classes] or [batch, steps, classes], targets [batch, steps] labels), summed:
 * divided by the example count, the fraction of correct positions.
 */
export function positionArgMaxCorrect(outputs: tf.Tensor2D, _labels: tf.Tensor1D, targets: tf.Tensor2D): tf.Scalar {
  const [batch, steps] = targets.shape;
  const predicted = tf.argMax(tf.reshape(outputs, [batch, steps, -1]), 2);
  const matches = tf.equal(predicted, tf.cast(targets, 'int32'));
  return tf.div(tf.sum(tf.cast(matches, 'float32')), steps);
}
