/**
 * The inlined optimizer, schedule and constraint code against the formulas written out by hand
 * (Keras's definitions), on the cpu backend, over two steps so the state carries over.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adamUpdate, createAdamSlots } from '../../src/runtime/adam.js';
import { maxNormConstraint, unitNormConstraint } from '../../src/runtime/constraints.js';
import { exponentialDecay } from '../../src/runtime/learning-rate.js';
import { createRmspropSlots, rmspropUpdate } from '../../src/runtime/rmsprop.js';
import { FlagError, parseRunFlags } from '../../src/runtime/run-flags.js';
import { createMomentumSlot, momentumUpdate } from '../../src/runtime/sgd.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const w0 = [0.5, -1.25, 2];
const gradients = [
  [0.1, -0.2, 0.3],
  [-0.4, 0.05, 0.2],
];

function run(update: (param: tf.Variable, grad: tf.Tensor, iteration: number) => void): number[] {
  const param = tf.variable(tf.tensor1d(w0));
  gradients.forEach((g, iteration) => tf.tidy(() => update(param, tf.tensor1d(g), iteration)));
  return Array.from(param.dataSync());
}

function expectClose(actual: number[], expected: number[]): void {
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 6));
}

describe('optimizer updates match their formulas', () => {
  it('sgd momentum and nesterov (Keras form)', () => {
    for (const nesterov of [false, true]) {
      let slot: ReturnType<typeof createMomentumSlot> | undefined;
      const actual = run((param, grad) => {
        slot ??= createMomentumSlot(param);
        momentumUpdate(param, grad, slot, 0.1, 0.9, nesterov);
      });
      const expected = w0.map((w, i) => {
        let v = 0;
        for (const g of gradients) {
          v = 0.9 * v - 0.1 * g[i];
          w = nesterov ? w + 0.9 * v - 0.1 * g[i] : w + v;
        }
        return w;
      });
      expectClose(actual, expected);
    }
  });

  it('adam with bias correction', () => {
    let slots: ReturnType<typeof createAdamSlots> | undefined;
    const actual = run((param, grad, iteration) => {
      slots ??= createAdamSlots(param);
      adamUpdate(param, grad, slots, 0.01, iteration, 0.9, 0.999, 1e-7);
    });
    const expected = w0.map((w, i) => {
      let m = 0;
      let v = 0;
      gradients.forEach((g, iteration) => {
        const t = iteration + 1;
        m = 0.9 * m + 0.1 * g[i];
        v = 0.999 * v + 0.001 * g[i] ** 2;
        w -= (0.01 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t) * (m / (Math.sqrt(v) + 1e-7));
      });
      return w;
    });
    expectClose(actual, expected);
  });

  it('rmsprop with momentum', () => {
    let slots: ReturnType<typeof createRmspropSlots> | undefined;
    const actual = run((param, grad) => {
      slots ??= createRmspropSlots(param, 0.5);
      rmspropUpdate(param, grad, slots, 0.01, 0.9, 0.5, 1e-7);
    });
    const expected = w0.map((w, i) => {
      let s = 0;
      let m = 0;
      for (const g of gradients) {
        s = 0.9 * s + 0.1 * g[i] ** 2;
        m = 0.5 * m + (0.01 * g[i]) / Math.sqrt(s + 1e-7);
        w -= m;
      }
      return w;
    });
    expectClose(actual, expected);
  });

  it('exponential decay, smooth and staircase', () => {
    expect(exponentialDecay(0, 0.1, 100, 0.5, false)).toBe(0.1);
    expect(exponentialDecay(150, 0.1, 100, 0.5, false)).toBeCloseTo(0.1 * 0.5 ** 1.5, 12);
    expect(exponentialDecay(150, 0.1, 100, 0.5, true)).toBeCloseTo(0.05, 12);
  });
});

describe('constraints per output unit', () => {
  it('max_norm on a conv kernel rescales each filter over kh·kw·in, leaving small ones alone', () => {
    const kernel = tf.tensor4d([3, 0, 4, 0.1, 0, 0, 0, 0.2], [1, 2, 2, 2]); // filter 0: norm 5; filter 1: small
    const constrained = tf.tidy(() => maxNormConstraint(kernel, 2, [0, 1, 2]));
    const values = constrained.arraySync()[0]; // [h][w][filter]
    expect(values[0][0][0]).toBeCloseTo(1.2, 5);
    expect(values[0][1][0]).toBeCloseTo(1.6, 5);
    expect(values[0][1][1]).toBeCloseTo(0.1, 6);
    expect(values[1][1][1]).toBeCloseTo(0.2, 6);
  });

  it('unit_norm on a dense kernel normalizes columns', () => {
    const kernel = tf.tensor2d([[3, 1], [4, 0]]);
    const columns = tf.tidy(() => unitNormConstraint(kernel, [0])).arraySync();
    expect(columns[0][0]).toBeCloseTo(0.6, 6);
    expect(columns[1][0]).toBeCloseTo(0.8, 6);
    expect(columns[0][1]).toBeCloseTo(1, 6);
  });
});

describe('script flags', () => {
  const defaults = { steps: 10, seed: 1, backend: undefined, out: 'runs/x', evalEvery: 5, workers: 1, debug: false };
  it('parses both forms and keeps defaults', () => {
    expect(parseRunFlags(['--steps', '3', '--backend=cpu', '--out', 'o'], defaults)).toEqual({
      ...defaults,
      steps: 3,
      backend: 'cpu',
      out: 'o',
    });
  });
  it.each([[['--steps', '-1']], [['--steps']], [['--backend', 'gpu']], [['--nope', '1']], [['stray']], [['--eval-every', '0']], [['--workers', '0']]])(
    'rejects %j',
    (argv) => {
      expect(() => parseRunFlags(argv, defaults)).toThrow(FlagError);
    },
  );
});
