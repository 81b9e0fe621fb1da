/**
 * The element-wise and per-token layers of a graph model (spec v2), on activations [batch, length,
 * width]: token and position embeddings, dense on the last axis, GELU, and the per-run state the
 * stochastic layers draw from. Gradients: tfjs autograd, except where a custom gradient keeps the
 * wasm backend on its fast kernels (embedding, GELU; products through plainMatMul).
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../shared/layer-config.js';
import { deriveSeed } from '../data/seeded-random.js';
import { applyActivation } from '../layers/activation.js';
import { plainMatMul } from './plain-matmul.js';

export type SequenceActivation = Activation | 'gelu';

/** One forward pass: training (dropout on) or evaluation, and the seeds of its dropout masks in call order. */
export class ForwardRun {
  private masks = 0;

  constructor(
    readonly training: boolean,
    private readonly seed: number,
  ) {}

  static evaluation(): ForwardRun {
    return new ForwardRun(false, 0);
  }

  /** The seed of the next mask drawn in this pass (each dropout site gets its own). */
  maskSeed(): number {
    return deriveSeed(this.seed, this.masks++);
  }

  private readonly outputs = new Map<string, tf.Tensor>();

  /** A layer's output, kept for a loss term that reads it after the forward (AR, TAR); returned as is. */
  keep(layer: string, output: tf.Tensor): tf.Tensor {
    this.outputs.set(layer, output);
    return output;
  }

  /** The output `keep` kept for `layer` in this pass. */
  kept(layer: string): tf.Tensor {
    const output = this.outputs.get(layer);
    if (output === undefined) throw new Error(`internal: no output of ${layer} was kept in this pass`);
    return output;
  }
}

/**
 * AR and TAR (Merity et al. 2017) on a recurrent layer's output h [batch, length, units]:
 * alpha·mean(h²) and beta·mean((h(t) − h(t−1))²), means over every element.
 */
export function activationRegularization(h: tf.Tensor, alpha: number): tf.Scalar {
  return tf.mul(alpha, tf.mean(tf.square(h))) as tf.Scalar;
}

export function temporalActivationRegularization(h: tf.Tensor, beta: number): tf.Scalar {
  const [batch, length, units] = h.shape as [number, number, number];
  const later = tf.slice(h, [0, 1, 0], [batch, length - 1, units]);
  const earlier = tf.slice(h, [0, 0, 0], [batch, length - 1, units]);
  return tf.mul(beta, tf.mean(tf.square(tf.sub(later, earlier)))) as tf.Scalar;
}

/**
 * table[ids]: [vocabulary, width] rows gathered to [batch, length, width] (nn.Embedding). The gradient
 * is onehot(ids)ᵀ·dy as one plain product: gather's own gradient (UnsortedSegmentSum) has no wasm kernel.
 */
export function embedding(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const [vocabulary, width] = table.shape;
  const lookup = tf.customGrad((t) => ({
    value: tf.gather(t as tf.Tensor, ids),
    gradFunc: (dy: tf.Tensor) => tf.matMul(tf.transpose(tf.oneHot(tf.reshape(ids, [-1]), vocabulary)), tf.reshape(dy, [-1, width])),
  }));
  return lookup(table);
}

/** x + table[0:length] (GPT-2's learned positions; nanoGPT adds wpe(arange(t))). */
export function positionEmbedding(x: tf.Tensor, table: tf.Tensor): tf.Tensor {
  const length = x.shape[1]!;
  return tf.add(x, tf.slice(table, [0, 0], [length, table.shape[1]!]));
}

/**
 * Dense on the last axis: x·kernel (+ bias), kernel [in, units] in Keras layout (the saved layout,
 * and the right operand of a plain product). activation applied after.
 */
export function sequenceDense(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | null, activation: SequenceActivation): tf.Tensor {
  const inputs = x.shape[x.rank - 1]!;
  const flat = plainMatMul(tf.reshape(x, [-1, inputs]), kernel);
  const biased = bias === null ? flat : tf.add(flat, bias);
  return sequenceActivation(tf.reshape(biased, [...x.shape.slice(0, -1), kernel.shape[1]!]), activation);
}

/** A tied output projection: the owner's [vocabulary, width] table used as a [width, vocabulary] kernel. */
export function tiedKernel(table: tf.Tensor): tf.Tensor {
  return tf.transpose(table);
}

const gaussianCdfScale = Math.SQRT1_2;
const gaussianDensityScale = 1 / Math.sqrt(2 * Math.PI);

/**
 * GELU in its exact form x·Φ(x) = x/2·(1 + erf(x/√2)) (Hendrycks & Gimpel 2016), as nn.GELU() and
 * F.gelu by default (nanoGPT), not the tanh approximation Keras offers with approximate=True.
 * d/dx = Φ(x) + x·φ(x).
 */
export const gelu = tf.customGrad((input, save) => {
  const x = input as tf.Tensor;
  (save as tf.GradSaveFunc)([x]);
  return {
    value: tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, gaussianCdfScale)))),
    gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => {
      const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(saved, gaussianCdfScale))));
      const density = tf.mul(gaussianDensityScale, tf.exp(tf.mul(-0.5, tf.square(saved))));
      return tf.mul(dy, tf.add(cdf, tf.mul(saved, density)));
    },
  };
});

export function sequenceActivation(x: tf.Tensor, activation: SequenceActivation): tf.Tensor {
  return activation === 'gelu' ? gelu(x) : applyActivation(x, activation);
}

/** The residual sum of a layer's inputs. */
export function addAll(...inputs: tf.Tensor[]): tf.Tensor {
  return inputs.length === 1 ? inputs[0] : tf.addN(inputs);
}
