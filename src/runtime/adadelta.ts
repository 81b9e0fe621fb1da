/**
 * Adadelta (Zeiler 2012, arXiv:1212.5701, Algorithm 1) as Keras and torch.optim.Adadelta both write
 * it, with the learning rate Zeiler's algorithm does not have (1.0 recovers it).
 */
import * as tf from '@tensorflow/tfjs';

export interface AdadeltaSlots {
  /** E[g²], the decaying mean of squared gradients. */
  meanSquareGradient: tf.Variable;
  /** E[Δx²], the decaying mean of squared (unscaled) updates. */
  meanSquareDelta: tf.Variable;
}

export function createAdadeltaSlots(param: tf.Variable): AdadeltaSlots {
  return { meanSquareGradient: tf.variable(tf.zerosLike(param), false), meanSquareDelta: tf.variable(tf.zerosLike(param), false) };
}

/**
 * E[g²] ← ρ·E[g²] + (1−ρ)·g²; Δ = sqrt(E[Δx²] + ε) / sqrt(E[g²] + ε) · g; E[Δx²] ← ρ·E[Δx²] + (1−ρ)·Δ²;
 * w ← w − η·Δ.
 */
export function adadeltaUpdate(param: tf.Variable, grad: tf.Tensor, slots: AdadeltaSlots, learningRate: number, rho: number, epsilon: number): void {
  const meanSquareGradient = tf.add(tf.mul(rho, slots.meanSquareGradient), tf.mul(1 - rho, tf.square(grad)));
  slots.meanSquareGradient.assign(meanSquareGradient);
  const delta = tf.mul(tf.div(tf.sqrt(tf.add(slots.meanSquareDelta, epsilon)), tf.sqrt(tf.add(meanSquareGradient, epsilon))), grad);
  slots.meanSquareDelta.assign(tf.add(tf.mul(rho, slots.meanSquareDelta), tf.mul(1 - rho, tf.square(delta))));
  param.assign(tf.sub(param, tf.mul(learningRate, delta)));
}
