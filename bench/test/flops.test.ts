import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM module of the bench, no declarations
import { evaluationFlops, trainingStepFlops } from '../lib/flops.mjs';

const dense = (inputs: number, units: number) => ({ type: 'dense', inputShape: [inputs], outputShape: [units], units });
const dropout = (size: number) => ({ type: 'dropout', inputShape: [size], outputShape: [size], rate: 0.5 });

describe('training step FLOPs', () => {
  it('counts the seed network as the performance targets do (0.42 GFLOP at batch 128)', () => {
    const flops = trainingStepFlops([dense(784, 1024), dropout(1024), dense(1024, 10)], 128);
    // forward 2·128·(784·1024 + 1024·10); backward: both kernel gradients, the input gradient of `out` only
    const forward = 2 * 128 * (784 * 1024 + 1024 * 10);
    expect(flops.forward).toBe(forward);
    expect(flops.backward).toBe(forward + 2 * 128 * 1024 * 10);
    expect(flops.step / 1e9).toBeCloseTo(0.419, 3);
  });

  it('counts a conv layer by its output positions and window, and skips the first input gradient', () => {
    const conv = { type: 'conv2d', inputShape: [28, 28, 1], outputShape: [28, 28, 8], filters: 8, kernelSize: [5, 5] };
    const conv2 = { type: 'conv2d', inputShape: [14, 14, 8], outputShape: [14, 14, 16], filters: 16, kernelSize: [3, 3] };
    const pool = { type: 'max_pool2d', inputShape: [28, 28, 8], outputShape: [14, 14, 8] };
    const first = 2 * 64 * 28 * 28 * 25 * 1 * 8;
    const second = 2 * 64 * 14 * 14 * 9 * 8 * 16;
    expect(trainingStepFlops([conv, pool, conv2], 64)).toEqual({
      forward: first + second,
      backward: first + 2 * second,
      step: 2 * first + 3 * second,
    });
  });

  it('evaluates forward only', () => {
    expect(evaluationFlops([dense(784, 1024), dropout(1024), dense(1024, 10)], 1000)).toBe(2 * 1000 * (784 * 1024 + 1024 * 10));
  });
});
