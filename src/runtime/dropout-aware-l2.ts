/**
 * Dropout-aware L2 (`dropout_aware: true` on an l2 rule): the penalty covers only the weights the
 * step's dropout masks used. Dropout masks are drawn per example, so for example n the weights used
 * are those of its kept units, and the batch's penalty is the mean of the examples' penalties:
 *
 *   P = (1/B)·Σₙ λ·Σⱼₖ mₙⱼ·m′ₙₖ·wⱼₖ²  =  λ·Σⱼₖ Uⱼₖ·wⱼₖ²,   U = (1/B)·Mᵀ·M′,
 *
 * with M the 0/1 keep mask over the layer's units (dropout after it) and M′ over its inputs (dropout
 * before it), each absent (all ones) when there is no such dropout. Its gradient is 2λ·U⊙w. Since
 * E[mₙⱼ] = 1 − r, E[U] = (1 − r) (or (1 − r)(1 − r′) with both masks): on average the penalty is plain
 * L2 with λ·(1 − r), and so is its gradient (docs/spec-v1.md derives it).
 *
 * Dense kernels are held [units, in] during training, so a unit's weights are a row; a bias is [units].
 */
import * as tf from '@tensorflow/tfjs';

/** 0/1 keep mask [batch, units] from dropout's scaled mask (0 or 1 / (1 − rate)). */
function keepMask(scaledMask: tf.Tensor): tf.Tensor2D {
  return tf.cast(tf.greater(scaledMask, 0), 'float32') as tf.Tensor2D;
}

/**
 * U for a dense kernel [units, in] from the scaled masks of the dropout after the layer (`units`) and
 * before it (`inputs`); null for a side without dropout. Broadcastable against the kernel.
 */
export function kernelUsage(units: tf.Tensor | null, inputs: tf.Tensor | null): tf.Tensor {
  if (units !== null && inputs !== null) {
    const batch = units.shape[0];
    return tf.div(tf.matMul(keepMask(units), keepMask(inputs), true, false), batch);
  }
  if (units !== null) return tf.reshape(tf.mean(keepMask(units), 0), [-1, 1]);
  if (inputs !== null) return tf.reshape(tf.mean(keepMask(inputs), 0), [1, -1]);
  return tf.scalar(1);
}

/** U for a bias [units]: the fraction of the batch's examples in which each unit was kept. */
export function biasUsage(units: tf.Tensor | null): tf.Tensor {
  return units === null ? tf.scalar(1) : tf.mean(keepMask(units), 0);
}

/** d(λ·Σ U⊙w²)/dw = 2λ·U⊙w. */
export function dropoutAwareL2Gradient<T extends tf.Tensor>(lambda: number, weights: T, usage: tf.Tensor): T {
  return tf.mul(tf.mul(2 * lambda, usage), weights);
}
