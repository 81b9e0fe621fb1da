/** Shared helpers: compare an explicit backward pass with autograd on the `cpu` backend. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Float32 tolerance: max |actual − expected| relative to max |expected| (a norm-wise relative error). */
export const RELATIVE_TOLERANCE = 1e-5;

export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(name);
  await tf.ready();
}

export function relativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let maxDifference = 0;
  let maxExpected = 0;
  for (let i = 0; i < e.length; i++) {
    maxDifference = Math.max(maxDifference, Math.abs(a[i] - e[i]));
    maxExpected = Math.max(maxExpected, Math.abs(e[i]));
  }
  if (Number.isNaN(maxDifference)) return Number.POSITIVE_INFINITY;
  return maxExpected === 0 ? maxDifference : maxDifference / maxExpected;
}

export function expectClose(actual: tf.Tensor | null, expected: tf.Tensor, tolerance = RELATIVE_TOLERANCE): void {
  expect(actual).not.toBeNull();
  expect(relativeError(actual as tf.Tensor, expected)).toBeLessThanOrEqual(tolerance);
}

/** Deterministic normal values (tf.randomNormal with a seed is backend-independent). */
export function normal(shape: number[], seed: number, stddev = 1): tf.Tensor {
  return tf.randomNormal(shape, 0, stddev, 'float32', seed);
}

/**
 * Autograd reference: gradients of Σ(f(inputs) ⊙ upstream) with respect to every input, i.e. the
 * vector-Jacobian product an explicit backward computes from the upstream gradient.
 */
export function autogradVjp(f: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], upstream: tf.Tensor): tf.Tensor[] {
  return tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), upstream)))(inputs);
}
