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

/**
 * Keras Orthogonal(gain): normal draws flattened to [rows, cols] (rows = the product of all axes but
 * the last), the Q of their QR decomposition with R's diagonal made positive, transposed when rows <
 * cols, times gain: orthonormal rows or columns (Saxe et al. 2014). Keras's default recurrent kernel.
 * The QR is modified Gram–Schmidt in float64 over the taller side, which gives that Q directly.
 */
export function orthogonalInit(shape: number[], gain: number, seed: number): tf.Tensor {
  const cols = shape[shape.length - 1] ?? 1;
  const rows = shape.reduce((total, extent) => total * extent, 1) / cols;
  const [tall, wide] = rows >= cols ? [rows, cols] : [cols, rows];
  const drawn = tf.randomNormal([tall, wide], 0, 1, 'float32', seed);
  const a = Float64Array.from(drawn.dataSync());
  drawn.dispose();
  // Columns of the [tall, wide] matrix a, made orthonormal in order.
  for (let j = 0; j < wide; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < tall; i++) dot += a[i * wide + k] * a[i * wide + j];
      for (let i = 0; i < tall; i++) a[i * wide + j] -= dot * a[i * wide + k];
    }
    let norm = 0;
    for (let i = 0; i < tall; i++) norm += a[i * wide + j] * a[i * wide + j];
    norm = Math.sqrt(norm);
    for (let i = 0; i < tall; i++) a[i * wide + j] /= norm;
  }
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < tall; i++) {
    for (let j = 0; j < wide; j++) {
      // rows < cols: the [cols, rows] Q transposed.
      values[rows >= cols ? i * cols + j : j * cols + i] = gain * a[i * wide + j];
    }
  }
  return tf.tensor(values, shape);
}

/** An LSTM bias [4·units]: zeros, ones on the forget gate's slice [units, 2·units) (Keras unit_forget_bias). */
export function unitForgetBiasInit(shape: number[], units: number): tf.Tensor {
  const values = new Float32Array(shape[0] ?? 0);
  values.fill(1, units, 2 * units);
  return tf.tensor(values, shape);
}
