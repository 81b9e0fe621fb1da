import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { dropoutBackward, dropoutForward } from '../../../src/runtime/layers/dropout.js';
import { flattenBackward, flattenForward } from '../../../src/runtime/layers/flatten.js';
import { autogradVjp, expectClose, normal, useBackend } from './gradient-check.js';

function maskOf(seed: number, backend: 'cpu' | 'wasm'): Promise<Float32Array> {
  return useBackend(backend).then(() =>
    tf.tidy(() => {
      const { y } = dropoutForward(tf.ones([128, 1024]), 0.5, seed);
      return y.dataSync() as Float32Array;
    }),
  );
}

describe('dropout', () => {
  it('same seed => same mask bit for bit, on cpu and wasm alike; other seeds differ', async () => {
    const cpu = await maskOf(42, 'cpu');
    const wasm = await maskOf(42, 'wasm');
    const cpuAgain = await maskOf(42, 'cpu');
    const other = await maskOf(43, 'cpu');
    expect(Buffer.from(wasm.buffer).equals(Buffer.from(cpu.buffer))).toBe(true);
    expect(Buffer.from(cpuAgain.buffer).equals(Buffer.from(cpu.buffer))).toBe(true);
    const differing = other.reduce((n, v, i) => n + (v !== cpu[i] ? 1 : 0), 0);
    expect(differing / other.length).toBeGreaterThan(0.45); // independent masks differ in ~50 %
  });

  it('keeps 1 − rate of the units, scaled by 1 / (1 − rate), so the mean is preserved', async () => {
    await useBackend('cpu');
    for (const rate of [0.2, 0.5, 0.8]) {
      const values = tf.tidy(() => dropoutForward(tf.ones([256, 512]), rate, 7).y.dataSync());
      const kept = values.filter((v) => v !== 0);
      expect(kept.every((v) => Math.abs(v - 1 / (1 - rate)) < 1e-6)).toBe(true);
      expect(Math.abs(kept.length / values.length - (1 - rate))).toBeLessThan(0.01);
    }
  });

  it('backward multiplies by the same mask (autograd of x ⊙ mask); rate 0 is the identity', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const x = normal([9, 13], 1);
      const upstream = normal([9, 13], 2);
      const { y, cache } = dropoutForward(x, 0.3, 5);
      const mask = tf.div(y, x); // x has no zeros
      expectClose(dropoutBackward(upstream, cache), autogradVjp((t) => tf.mul(t, mask), [x], upstream)[0]);
      const identity = dropoutForward(x, 0, 5);
      expect(identity.y).toBe(x);
      expect(dropoutBackward(upstream, identity.cache)).toBe(upstream);
    });
    expect(() => dropoutForward(tf.ones([2]), 1, 0)).toThrow(RangeError);
  });
});

describe('flatten', () => {
  it('reshapes to [batch, features] and back', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const x = normal([3, 4, 5, 2], 1);
      const { y, cache } = flattenForward(x);
      expect(y.shape).toEqual([3, 40]);
      const upstream = normal([3, 40], 2) as tf.Tensor2D;
      expectClose(flattenBackward(upstream, cache), autogradVjp((t) => tf.reshape(t, [3, 40]), [x], upstream)[0]);
    });
  });
});
