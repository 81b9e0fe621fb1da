/** Tensor types of a model's input batch and the encoding of its targets. */
import type { ModelIR } from '../ir/types.js';

/** tf.Tensor2D for a flat input [features], tf.Tensor4D for an image input [h, w, c]. */
export function inputTensorType(ir: ModelIR): string {
  const rank = ir.input.shape.length + 1;
  return rank >= 1 && rank <= 6 ? `tf.Tensor${rank}D` : 'tf.Tensor';
}

/** Units of the last layer's output. */
export function outputUnits(ir: ModelIR): number {
  const last = ir.layers[ir.layers.length - 1];
  const shape = last ? last.outputShape : ir.input.shape;
  return shape[shape.length - 1];
}

/**
 * one_hot targets for softmax cross-entropy and for mean squared error over one unit per class; a
 * column of labels for one sigmoid logit or one regression output.
 */
export function targetEncoding(ir: ModelIR): 'one_hot' | 'column' {
  if (ir.training.loss === 'softmax_cross_entropy') return 'one_hot';
  if (ir.training.loss === 'sigmoid_cross_entropy') return 'column';
  return outputUnits(ir) === 1 ? 'column' : 'one_hot';
}

/** The runtime function counting correct predictions of a batch. */
export function correctCounter(ir: ModelIR): string {
  if (ir.training.loss === 'sigmoid_cross_entropy') return 'positiveLogitCorrect';
  return targetEncoding(ir) === 'column' ? 'roundedOutputCorrect' : 'argMaxCorrect';
}
