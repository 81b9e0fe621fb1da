/** Stochastic gradient descent as Keras writes it, with optional (Nesterov) momentum. */
import * as tf from '@tensorflow/tfjs';

export interface MomentumSlot {
  velocity: tf.Variable;
}

export function createMomentumSlot(param: tf.Variable): MomentumSlot {
  return { velocity: tf.variable(tf.zerosLike(param), false) };
}

/** w ← w − η·g. */
export function sgdUpdate(param: tf.Variable, grad: tf.Tensor, learningRate: number): void {
  param.assign(tf.sub(param, tf.mul(learningRate, grad)));
}

/**
 * w ← w − η·(g + 2λw) for an L2 penalty λ·Σw², as w·(1 − 2ηλ) − η·g: three passes over w instead of
 * five (penalty gradient, sum, scale, subtract), the same value up to float rounding.
 */
export function sgdUpdateWithL2(param: tf.Variable, grad: tf.Tensor, learningRate: number, l2: number): void {
  param.assign(tf.sub(tf.mul(param, 1 - 2 * learningRate * l2), tf.mul(grad, learningRate)));
}

/** Keras: v ← μ·v − η·g, then w ← w + v, or with Nesterov w ← w + μ·v − η·g. */
export function momentumUpdate(
  param: tf.Variable,
  grad: tf.Tensor,
  slot: MomentumSlot,
  learningRate: number,
  momentum: number,
  nesterov: boolean,
): void {
  const step = tf.mul(learningRate, grad);
  const velocity = tf.sub(tf.mul(momentum, slot.velocity), step);
  slot.velocity.assign(velocity);
  param.assign(nesterov ? tf.sub(tf.add(param, tf.mul(momentum, velocity)), step) : tf.add(param, velocity));
}

/** Srivastava et al. (2014): momentum rising linearly from `initial` to `final` over `rampSteps` updates, then `final`. */
export function momentumRamp(iteration: number, initial: number, final: number, rampSteps: number): number {
  return initial + ((final - initial) * Math.min(iteration, rampSteps)) / rampSteps;
}
