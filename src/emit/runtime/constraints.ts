/**
 * Weight constraints applied after every update, as Keras defines them. `axes` are the axes of one
 * output unit's incoming weights: [0] for a dense kernel [in, units] (one column per unit), [0, 1, 2]
 * for a conv kernel [kh, kw, in, filters] (one filter per unit).
 */
import * as tf from '@tensorflow/tfjs';

/** Keras's epsilon in the norm constraints, so an all-zero unit stays zero instead of NaN. */
const constraintEpsilon = 1e-7;

function unitNorms(weights: tf.Tensor, axes: number[]): tf.Tensor {
  return tf.sqrt(tf.sum(tf.square(weights), axes, true));
}

/** Rescales each unit's weight vector to norm ≤ maxValue: w · clip(‖w‖, 0, c) / (ε + ‖w‖). */
export function maxNormConstraint<T extends tf.Tensor>(weights: T, maxValue: number, axes: number[]): T {
  const norms = unitNorms(weights, axes);
  const desired = tf.clipByValue(norms, 0, maxValue);
  return tf.mul(weights, tf.div(desired, tf.add(norms, constraintEpsilon)));
}

/** Zeroes negative weights. */
export function nonNegConstraint<T extends tf.Tensor>(weights: T): T {
  return tf.relu(weights);
}

/** Rescales each unit's weight vector to norm 1: w / (ε + ‖w‖). */
export function unitNormConstraint<T extends tf.Tensor>(weights: T, axes: number[]): T {
  return tf.div(weights, tf.add(unitNorms(weights, axes), constraintEpsilon));
}
