/**
 * A tagger's loss: softmax cross-entropy at every position of a [batch, steps, classes] output against
 * one integer label per position, the mean over batch × positions. Keras
 * SparseCategoricalCrossentropy(from_logits=True) on [batch, steps, classes] logits and [batch, steps]
 * labels; torch F.cross_entropy(logits.reshape(-1, classes), labels.reshape(-1)). It is the
 * classification loss (softmaxCrossEntropy) on the batch·steps rows of logits, with its gradient
 * (softmax − onehot) / (batch·steps) given back in the logits' shape.
 */
import * as tf from '@tensorflow/tfjs';
import { type LossAndGradient, softmaxCrossEntropy } from './losses.js';

/** logits [batch, steps, classes] (or [batch, steps·classes]); labels [batch, steps], integer class indices stored as floats. */
export function positionSoftmaxCrossEntropy<T extends tf.Tensor>(logits: T, labels: tf.Tensor2D, classes: number): LossAndGradient<T> {
  const rows = labels.size;
  const oneHot = tf.cast(tf.oneHot(tf.cast(tf.reshape(labels, [rows]), 'int32'), classes), 'float32') as tf.Tensor2D;
  const { loss, dLogits } = softmaxCrossEntropy(tf.reshape(logits, [rows, classes]) as tf.Tensor2D, oneHot);
  return { loss, dLogits: tf.reshape(dLogits, logits.shape) as T };
}
