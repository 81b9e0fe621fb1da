/**
 * Parameter initializers with Keras's formulas. Variance-scaling initializers (glorot, he, lecun)
 * draw from a normal truncated at two standard deviations and divide the stddev by 0.87962566103423978,
 * the stddev of a unit normal truncated at ±2, so the values drawn have the intended variance (Keras
 * VarianceScaling; tfjs omits this correction). Every draw is seeded.
 */
import * as tf from '@tensorflow/tfjs';

/** A drawn [in, units] dense kernel as the [units, in] tensor the dense layer holds; the draw is freed. */
export function transposedOnce(drawn: tf.Tensor): tf.Tensor {
  const transposed = tf.transpose(drawn);
  drawn.dispose();
  return transposed;
}

const truncatedUnitNormalStddev = 0.87962566103423978;

export function zerosInit(shape: number[]): tf.Tensor {
  return tf.zeros(shape);
}

export function onesInit(shape: number[]): tf.Tensor {
  return tf.ones(shape);
}

export function constantInit(shape: number[], value: number): tf.Tensor {
  return tf.fill(shape, value);
}

export function randomNormalInit(shape: number[], mean: number, stddev: number, seed: number): tf.Tensor {
  return tf.randomNormal(shape, mean, stddev, 'float32', seed);
}

/** Values beyond two standard deviations from the mean are redrawn (TF's truncated_normal). */
export function truncatedNormalInit(shape: number[], mean: number, stddev: number, seed: number): tf.Tensor {
  return tf.truncatedNormal(shape, mean, stddev, 'float32', seed);
}

export function randomUniformInit(shape: number[], minval: number, maxval: number, seed: number): tf.Tensor {
  return tf.randomUniform(shape, minval, maxval, 'float32', seed);
}

function varianceScalingNormal(shape: number[], scale: number, fan: number, seed: number): tf.Tensor {
  const stddev = Math.sqrt(scale / Math.max(1, fan)) / truncatedUnitNormalStddev;
  return tf.truncatedNormal(shape, 0, stddev, 'float32', seed);
}

function varianceScalingUniform(shape: number[], scale: number, fan: number, seed: number): tf.Tensor {
  const limit = Math.sqrt((3 * scale) / Math.max(1, fan));
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
}

/** Uniform in ±sqrt(6 / (fanIn + fanOut)). */
export function glorotUniformInit(shape: number[], fanIn: number, fanOut: number, seed: number): tf.Tensor {
  return varianceScalingUniform(shape, 1, (fanIn + fanOut) / 2, seed);
}

export function glorotNormalInit(shape: number[], fanIn: number, fanOut: number, seed: number): tf.Tensor {
  return varianceScalingNormal(shape, 1, (fanIn + fanOut) / 2, seed);
}

/** Uniform in ±sqrt(6 / fanIn). */
export function heUniformInit(shape: number[], fanIn: number, seed: number): tf.Tensor {
  return varianceScalingUniform(shape, 2, fanIn, seed);
}

export function heNormalInit(shape: number[], fanIn: number, seed: number): tf.Tensor {
  return varianceScalingNormal(shape, 2, fanIn, seed);
}

export function lecunNormalInit(shape: number[], fanIn: number, seed: number): tf.Tensor {
  return varianceScalingNormal(shape, 1, fanIn, seed);
}
