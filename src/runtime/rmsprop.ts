/** RMSprop (Hinton's lecture 6e) as Keras and tfjs write it, uncentered, with optional momentum. */
import * as tf from '@tensorflow/tfjs';

export interface RmspropSlots {
  meanSquare: tf.Variable;
  momentum: tf.Variable | null;
}

export function createRmspropSlots(param: tf.Variable, momentum: number): RmspropSlots {
  return {
    meanSquare: tf.variable(tf.zerosLike(param), false),
    momentum: momentum > 0 ? tf.variable(tf.zerosLike(param), false) : null,
  };
}

/** s ← ρ·s + (1−ρ)·g²; Δ = η·g / sqrt(s + ε); with momentum μ: m ← μ·m + Δ, w ← w − m; else w ← w − Δ. */
export function rmspropUpdate(
  param: tf.Variable,
  grad: tf.Tensor,
  slots: RmspropSlots,
  learningRate: number,
  rho: number,
  momentum: number,
  epsilon: number,
): void {
  const meanSquare = tf.add(tf.mul(rho, slots.meanSquare), tf.mul(1 - rho, tf.square(grad)));
  slots.meanSquare.assign(meanSquare);
  const increment = tf.div(tf.mul(learningRate, grad), tf.sqrt(tf.add(meanSquare, epsilon)));
  if (slots.momentum === null) {
    param.assign(tf.sub(param, increment));
    return;
  }
  const accumulated = tf.add(tf.mul(momentum, slots.momentum), increment);
  slots.momentum.assign(accumulated);
  param.assign(tf.sub(param, accumulated));
}
