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
