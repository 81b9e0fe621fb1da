/**
 * Adam (Kingma & Ba 2015) in the form Keras and tfjs use, and AdamW's decoupled weight decay
 * (Loshchilov & Hutter 2019), which tfjs does not have: the decay shrinks the weights directly,
 * w ← w − η·λ·w, instead of adding λ·w to the gradient, so Adam's scaling does not weaken it.
 */
import * as tf from '@tensorflow/tfjs';

export interface AdamSlots {
  firstMoment: tf.Variable;
  secondMoment: tf.Variable;
}

export function createAdamSlots(param: tf.Variable): AdamSlots {
  return { firstMoment: tf.variable(tf.zerosLike(param), false), secondMoment: tf.variable(tf.zerosLike(param), false) };
}

/**
 * `iteration` counts the updates already applied (0 for the first). With t = iteration + 1:
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², w ← w − η·sqrt(1−β2^t)/(1−β1^t) · m / (sqrt(v) + ε).
 */
export function adamUpdate(
  param: tf.Variable,
  grad: tf.Tensor,
  slots: AdamSlots,
  learningRate: number,
  iteration: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): void {
  const t = iteration + 1;
  const correctedRate = (learningRate * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
  const firstMoment = tf.add(tf.mul(beta1, slots.firstMoment), tf.mul(1 - beta1, grad));
  const secondMoment = tf.add(tf.mul(beta2, slots.secondMoment), tf.mul(1 - beta2, tf.square(grad)));
  slots.firstMoment.assign(firstMoment);
  slots.secondMoment.assign(secondMoment);
  param.assign(tf.sub(param, tf.div(tf.mul(correctedRate, firstMoment), tf.add(tf.sqrt(secondMoment), epsilon))));
}

/** AdamW's decoupled decay, applied before the Adam step as Keras does: w ← w − η·λ·w. */
export function decoupledWeightDecay(param: tf.Variable, learningRate: number, weightDecay: number): void {
  param.assign(tf.sub(param, tf.mul(learningRate * weightDecay, param)));
}
