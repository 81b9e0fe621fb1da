/**
 * Layer normalization over the last axis (Ba et al. 2016): x̂ = (x − mean) / sqrt(var + ε) with the
 * biased variance, y = γ·x̂ (+ β), as torch's F.layer_norm and Keras's LayerNormalization(axis=-1).
 * `beta` null: no offset (nanoGPT's LayerNorm(bias=False); torch 1.13's nn.LayerNorm always has one).
 *
 * The backward is written out, dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ, instead of
 * autograd's chain through two means and a square root: one pass of broadcasts, no Tile
 * (tfjs-wasm-notes.md: Tile in a normalization gradient cost ~99 ms).
 */
import * as tf from '@tensorflow/tfjs';

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor | null, epsilon: number): tf.Tensor {
  const last = x.rank - 1;
  const leading = Array.from({ length: last }, (_, axis) => axis);
  const normalized = tf.customGrad((input, scale, save) => {
    const xs = input as tf.Tensor;
    const g = scale as tf.Tensor;
    const centered = tf.sub(xs, tf.mean(xs, last, true));
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), last, true), epsilon));
    const xHat = tf.mul(centered, rstd);
    (save as tf.GradSaveFunc)([xHat, rstd, g]);
    return {
      value: tf.mul(xHat, g),
      gradFunc: (dy: tf.Tensor, [savedHat, savedRstd, savedGamma]: tf.Tensor[]) => {
        const dHat = tf.mul(dy, savedGamma);
        const dx = tf.mul(savedRstd, tf.sub(tf.sub(dHat, tf.mean(dHat, last, true)), tf.mul(savedHat, tf.mean(tf.mul(dHat, savedHat), last, true))));
        return [dx, tf.sum(tf.mul(dy, savedHat), leading)];
      },
    };
  });
  const y = normalized(x, gamma);
  return beta === null ? y : tf.add(y, beta);
}
