/**
 * Next-token softmax cross-entropy at every position, the mean over batch × positions, with label
 * smoothing (Szegedy et al. 2016) as torch's F.cross_entropy(label_smoothing=ε) and Keras's
 * CategoricalCrossentropy(label_smoothing=ε): targets (1 − ε)·onehot + ε/K. The gradient is written
 * out, (softmax − targets) / n: tfjs's logSoftmax has no wasm kernel of its own.
 */
import * as tf from '@tensorflow/tfjs';

/** logits [batch, length, vocabulary], targets int32 [batch, length]. */
export function sequenceCrossEntropy(logits: tf.Tensor, targets: tf.Tensor, labelSmoothing: number): tf.Scalar {
  const vocabulary = logits.shape[logits.rank - 1]!;
  const flat = tf.reshape(logits, [-1, vocabulary]);
  const count = flat.shape[0]!;
  const onehot = tf.oneHot(tf.reshape(targets, [-1]), vocabulary);
  const wanted = labelSmoothing === 0 ? onehot : tf.add(tf.mul(onehot, 1 - labelSmoothing), labelSmoothing / vocabulary);
  // The targets are an input (with a zero gradient), not a closure: tensors made in the forward pass
  // are gone by the time autograd runs the backward.
  const loss = tf.customGrad((input, target, save) => {
    const z = input as tf.Tensor;
    const shifted = tf.sub(z, tf.max(z, 1, true));
    const logProbabilities = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true)));
    (save as tf.GradSaveFunc)([logProbabilities, target as tf.Tensor]);
    return {
      value: tf.div(tf.neg(tf.sum(tf.mul(target as tf.Tensor, logProbabilities))), count) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, [saved, savedTarget]: tf.Tensor[]) => [tf.mul(dy, tf.div(tf.sub(tf.exp(saved), savedTarget), count)), tf.zerosLike(savedTarget)],
    };
  });
  return loss(flat, wanted);
}
