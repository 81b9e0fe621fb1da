/**
 * The gradients of a graph model's loss by tfjs autograd (tf.variableGrads), keyed by parameter id.
 * The layers of ./ keep autograd on fast kernels (custom gradients for products, embedding, layer norm,
 * GELU and the loss); everything else (reshapes, transposes, softmax, adds, dropout) is tfjs's own.
 */
import * as tf from '@tensorflow/tfjs';
import type { GraphGrads, GraphParams } from './params.js';

/** The loss `f()` computes and its gradient with respect to every trainable parameter. Call inside tf.tidy. */
export function lossGradients(params: GraphParams, f: () => tf.Scalar): { loss: tf.Scalar; grads: GraphGrads } {
  const trainable = Object.entries(params).filter(([, variable]) => variable.trainable);
  const { value, grads } = tf.variableGrads(f, trainable.map(([, variable]) => variable));
  return { loss: value, grads: Object.fromEntries(trainable.map(([id, variable]) => [id, grads[variable.name]])) };
}

/**
 * The gradient of data() + penalty() with respect to every trainable parameter, and the data loss
 * alone (a model on examples logs it beside the penalty). Call inside tf.tidy: the data loss returned
 * is a fresh tensor of that scope.
 */
export function dataLossGradients(params: GraphParams, data: () => tf.Scalar, penalty: () => tf.Scalar): { dataLoss: tf.Scalar; grads: GraphGrads } {
  const kept: tf.Scalar[] = [];
  const { grads } = lossGradients(params, () => {
    const value = data();
    kept.push(tf.keep(value));
    return tf.add(value, penalty()) as tf.Scalar;
  });
  const dataLoss = kept[0].clone();
  kept[0].dispose();
  return { dataLoss, grads };
}
