/**
 * Inverted dropout (Srivastava et al. 2014 as Keras implements it): during training each unit is
 * kept with probability 1 − rate and scaled by 1 / (1 − rate), so inference is the identity.
 *
 * The mask comes from a seeded xorshift32 stream drawn in JavaScript, written straight as the
 * scaled mask (0 or 1 / (1 − rate)), so the same seed gives the same mask bit for bit on every
 * backend, and forward and backward are one multiply each. Measured on wasm at [128, 1024]
 * (mask + multiply + readback, medians; bench/experiments/kernels/dropout-mask.mts): this 0.5–0.7 ms,
 * tf.randomUniform(seed) + step + mul 1.4 ms, + greaterEqual + cast + mul 1.7 ms, mulberry32 1.1 ms,
 * a branchy JS loop 1.1–1.3 ms (the 50 % keep/drop branch mispredicts).
 */
import * as tf from '@tensorflow/tfjs';

export interface DropoutCache {
  /** 0 or 1 / (1 − rate) per element; null when rate is 0. */
  scaledMask: tf.Tensor | null;
}

/** Scaled keep-mask values; the seed is scrambled (murmur3 fmix32) so consecutive seeds decorrelate. */
export function dropoutMaskValues(size: number, rate: number, seed: number): Float32Array {
  let state = seed | 0;
  state = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
  state = Math.imul(state ^ (state >>> 13), 0xc2b2ae35);
  state ^= state >>> 16;
  if (state === 0) state = 0x9e3779b9; // xorshift's only fixed point
  const keepScale = 1 / (1 - rate);
  const dropBelow = rate * 4294967296; // keep when the uniform uint32 >= rate · 2^32
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    // Branch-free on purpose: a keep/drop branch is unpredictable and costs ~2× (see above).
    values[i] = keepScale * +(state >>> 0 >= dropBelow);
  }
  return values;
}

export function dropoutForward<T extends tf.Tensor>(x: T, rate: number, seed: number): { y: T; cache: DropoutCache } {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${rate}`);
  if (rate === 0) return { y: x, cache: { scaledMask: null } };
  const scaledMask = tf.tensor(dropoutMaskValues(x.size, rate, seed), x.shape, 'float32');
  return { y: tf.mul(x, scaledMask), cache: { scaledMask } };
}

export function dropoutBackward<T extends tf.Tensor>(dy: T, cache: DropoutCache): T {
  return cache.scaledMask === null ? dy : tf.mul(dy, cache.scaledMask);
}
