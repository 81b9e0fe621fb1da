/**
 * Evaluation without dropout, in batches (a 10,000-example forward pass at once would need
 * gigabytes of activations), summed on the backend and read back once.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExampleTensors } from './example-tensors.js';

export interface Evaluation {
  loss: number;
  accuracy: number;
}

export interface EvaluationModel {
  /** Inference forward pass: model outputs for a batch of inputs. */
  predict: (x: tf.Tensor) => tf.Tensor2D;
  /** Mean data loss of a batch. */
  loss: (outputs: tf.Tensor2D, targets: tf.Tensor2D) => tf.Scalar;
  /** Number of correctly classified examples of a batch, or the batch's sum of another per-example metric (value-metrics.ts). */
  correct: (outputs: tf.Tensor2D, labels: tf.Tensor1D, targets: tf.Tensor2D) => tf.Scalar;
}

export function evaluateInBatches(examples: ExampleTensors, batchSize: number, model: EvaluationModel): Evaluation {
  if (examples.count === 0) return { loss: Number.NaN, accuracy: Number.NaN };
  let totals = tf.zeros([2]);
  for (let start = 0; start < examples.count; start += batchSize) {
    const size = Math.min(batchSize, examples.count - start);
    const next = tf.tidy(() => {
      const outputs = model.predict(tf.slice(examples.x, start, size));
      const targets = tf.slice(examples.targets, start, size);
      const lossSum = tf.mul(model.loss(outputs, targets), size);
      const correct = model.correct(outputs, tf.slice(examples.labels, start, size), targets);
      return tf.add(totals, tf.stack([lossSum, tf.cast(correct, 'float32')]));
    });
    totals.dispose();
    totals = next;
  }
  const [lossSum, correct] = totals.dataSync();
  totals.dispose();
  return { loss: lossSum / examples.count, accuracy: correct / examples.count };
}

/** Predicted class = the largest output. */
export function argMaxCorrect(outputs: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(outputs, 1), labels), 'int32'));
}

/** One logit per example: class 1 when it is positive. */
export function positiveLogitCorrect(outputs: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const predicted = tf.cast(tf.greater(tf.reshape(outputs, [-1]), 0), 'int32');
  return tf.sum(tf.cast(tf.equal(predicted, labels), 'int32'));
}

/** One regression output per example: the nearest label value. */
export function roundedOutputCorrect(outputs: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const predicted = tf.cast(tf.round(tf.reshape(outputs, [-1])), 'int32');
  return tf.sum(tf.cast(tf.equal(predicted, labels), 'int32'));
}
