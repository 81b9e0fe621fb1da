/**
 * Dropout anywhere in a graph model, and stochastic depth (drop_path), both active only in a
 * training pass (ForwardRun.training), so evaluation and sampling never drop (nanoGPT PR #240: a
 * fused kernel's dropout_p stayed on at evaluation). Masks come from the seeded stream of
 * ../layers/dropout.ts, a distinct seed per site and step.
 */
import * as tf from '@tensorflow/tfjs';
import { dropoutMaskValues } from '../layers/dropout.js';
import type { ForwardRun } from './sequence-layers.js';

/** Inverted dropout: each element kept with probability 1 − rate and scaled by 1 / (1 − rate). */
export function sequenceDropout(x: tf.Tensor, rate: number, run: ForwardRun): tf.Tensor {
  if (!run.training || rate === 0) return x;
  return tf.mul(x, tf.tensor(dropoutMaskValues(x.size, rate, run.maskSeed()), x.shape, 'float32'));
}

/**
 * Stochastic depth (Huang et al. 2016; timm's DropPath): each example's whole branch is zeroed with
 * probability rate and kept ones scaled by 1 / (1 − rate); put on a residual branch before the add.
 */
export function dropPath(x: tf.Tensor, rate: number, run: ForwardRun): tf.Tensor {
  if (!run.training || rate === 0) return x;
  const batch = x.shape[0]!;
  const perExample = dropoutMaskValues(batch, rate, run.maskSeed());
  return tf.mul(x, tf.tensor(perExample, [batch, ...x.shape.slice(1).map(() => 1)], 'float32'));
}

/**
 * Weight drop (Merity et al. 2017, AWD-LSTM's WeightDrop): DropConnect on a recurrent kernel, each
 * entry kept with probability 1 − rate and scaled by 1 / (1 − rate), one mask per training pass. The
 * product is a new tensor: the variable gets its gradient through it and is never written; an
 * evaluation pass returns the kernel itself.
 */
export function weightDropped(kernel: tf.Tensor, rate: number, run: ForwardRun): tf.Tensor {
  if (!run.training || rate === 0) return kernel;
  return tf.mul(kernel, tf.tensor(dropoutMaskValues(kernel.size, rate, run.maskSeed()), kernel.shape, 'float32'));
}

/**
 * Embedding dropout (AWD-LSTM's embedded_dropout): whole rows of the table [vocabulary, width] zeroed
 * with probability rate, kept rows scaled by 1 / (1 − rate), one mask per training pass, so a dropped
 * token is zero wherever it appears in the batch. Look up in the result.
 */
export function rowDropout(table: tf.Tensor, rate: number, run: ForwardRun): tf.Tensor {
  if (!run.training || rate === 0) return table;
  const rows = table.shape[0]!;
  return tf.mul(table, tf.tensor(dropoutMaskValues(rows, rate, run.maskSeed()), [rows, 1], 'float32'));
}
