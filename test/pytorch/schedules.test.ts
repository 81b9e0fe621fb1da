/**
 * The learning-rate schedules, the momentum ramp and Adadelta: the TypeScript runtime against the
 * closed forms written out here, and both runtimes against torch's own schedulers and
 * torch.optim.Adadelta (test/pytorch/schedule_probe.py).
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adadeltaUpdate, createAdadeltaSlots } from '../../src/runtime/adadelta.js';
import { exponentialDecay, inverseTimeDecay, linearWarmup, piecewiseConstant } from '../../src/runtime/learning-rate.js';
import { momentumRamp } from '../../src/runtime/sgd.js';
import { runPython, torch } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const steps = 25;
const range = Array.from({ length: steps }, (_, step) => step);
const adadelta = {
  params: [0.5, -1.25, 2],
  grads: [
    [0.1, -0.2, 0.3],
    [-0.4, 0.05, 0.2],
    [0.3, 0.3, -0.1],
  ],
  lr: 1.0,
  rho: 0.9,
  eps: 1e-6,
};

function expectClose(actual: readonly number[], expected: readonly number[], relative = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!), `at ${i}: ${value} vs ${expected[i]}`).toBeLessThanOrEqual(relative * Math.abs(expected[i]!)));
}

describe('the TypeScript runtime against the closed forms', () => {
  it('piecewise_constant: a boundary step keeps the earlier value (Keras)', () => {
    expect([0, 5, 6, 15, 16, 100].map((step) => piecewiseConstant(step, [5, 15], [0.1, 0.01, 0.001]))).toEqual([0.1, 0.1, 0.01, 0.01, 0.001, 0.001]);
  });

  it('inverse_time_decay: η₀ / (1 + r·t/s), floored when staircase; s = 1 is Keras\'s legacy decay=', () => {
    expectClose(range.map((t) => inverseTimeDecay(t, 0.1, 1, 1e-3, false)), range.map((t) => 0.1 / (1 + 1e-3 * t)));
    expectClose(range.map((t) => inverseTimeDecay(t, 0.1, 3, 0.5, true)), range.map((t) => 0.1 / (1 + 0.5 * Math.floor(t / 3))));
  });

  it('linear warm-up reaches the schedule\'s first rate at the step it starts', () => {
    expectClose([0, 1, 2, 3].map((t) => linearWarmup(t, 4, 0.1)), [0.02, 0.04, 0.06, 0.08]);
  });

  it('the momentum ramp: 0.5 to 0.99 linearly, then constant', () => {
    expectClose([0, 5, 10, 11, 1000].map((t) => momentumRamp(t, 0.5, 0.99, 10)), [0.5, 0.745, 0.99, 0.99, 0.99]);
  });

  it('adadelta: Zeiler\'s update with a learning rate, over three steps', () => {
    const param = tf.variable(tf.tensor1d(adadelta.params));
    const slots = createAdadeltaSlots(param);
    for (const grad of adadelta.grads) tf.tidy(() => adadeltaUpdate(param, tf.tensor1d(grad), slots, adadelta.lr, adadelta.rho, adadelta.eps));
    const expected = adadelta.params.map((w0, i) => {
      let [w, g2, d2] = [w0, 0, 0];
      for (const grads of adadelta.grads) {
        const g = grads[i]!;
        g2 = adadelta.rho * g2 + (1 - adadelta.rho) * g * g;
        const delta = (Math.sqrt(d2 + adadelta.eps) / Math.sqrt(g2 + adadelta.eps)) * g;
        d2 = adadelta.rho * d2 + (1 - adadelta.rho) * delta * delta;
        w -= adadelta.lr * delta;
      }
      return w;
    });
    expectClose(Array.from(param.dataSync()), expected, 1e-5);
  });
});

interface Probe {
  torch_multistep: number[];
  mlpc_piecewise: number[];
  torch_step: number[];
  mlpc_staircase: number[];
  torch_sequential: number[];
  mlpc_warmup: number[];
  mlpc_inverse_time: number[];
  mlpc_momentum: number[];
  torch_adadelta: number[];
}

torch.describe('both runtimes against torch.optim', () => {
  it('schedules as torch writes them, and the Python factors as the TypeScript functions', { timeout: 240_000 }, async () => {
    const result = await runPython(['test/pytorch/schedule_probe.py', resolve('src/runtime-py'), JSON.stringify({ steps, adadelta })]);
    expect(result.status, result.stderr).toBe(0);
    const probe = JSON.parse(result.stdout) as Probe;
    // Keras boundaries [5, 15] are torch MultiStepLR milestones [6, 16].
    expectClose(probe.mlpc_piecewise, probe.torch_multistep, 1e-9);
    expectClose(range.map((t) => piecewiseConstant(t, [5, 15], [0.1, 0.01, 0.001])), probe.torch_multistep, 1e-9);
    // StepLR(step_size=4, gamma=0.7) is a staircase exponential decay over 4 steps.
    expectClose(probe.mlpc_staircase, probe.torch_step, 1e-9);
    expectClose(range.map((t) => exponentialDecay(t, 0.1, 4, 0.7, true)), probe.torch_step, 1e-9);
    // Warm-up over 4 steps, then a schedule from its step 0: SequentialLR([LinearLR, MultiStepLR]).
    const warm = (t: number) => (t < 4 ? linearWarmup(t, 4, 0.1) : piecewiseConstant(t - 4, [5], [0.1, 0.05]));
    expectClose(probe.mlpc_warmup, probe.torch_sequential, 1e-9);
    expectClose(range.map(warm), probe.torch_sequential, 1e-9);
    // torch has no inverse-time decay: the Python factor against the TypeScript function.
    expectClose(range.map((t) => inverseTimeDecay(t, 0.1, 3, 0.5, true)), probe.mlpc_inverse_time, 1e-12);
    expectClose(range.map((t) => momentumRamp(t, 0.5, 0.99, 10)), probe.mlpc_momentum, 1e-12);
    // torch.optim.Adadelta (float64) and the TypeScript runtime (float32) on the same gradients.
    const param = tf.variable(tf.tensor1d(adadelta.params));
    const slots = createAdadeltaSlots(param);
    for (const grad of adadelta.grads) tf.tidy(() => adadeltaUpdate(param, tf.tensor1d(grad), slots, adadelta.lr, adadelta.rho, adadelta.eps));
    expectClose(Array.from(param.dataSync()), probe.torch_adadelta, 1e-5);
  });
});
