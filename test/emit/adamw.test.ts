/**
 * AdamW's decoupled decay on one step. The same spec trained with Adam takes the identical Adam step
 * (same gradient: it is computed before the decay), so after one step
 *   w_adamw − w_adam = −η·λ·w₀ for decayed parameters and 0 for excluded ones (the biases).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileText, readSavedWeights, runModel, weight } from './helpers.js';

const adamwText = readFileSync('test/emit/fixtures/adamw_step.yaml', 'utf8');
const adamText = adamwText
  .replace('name: adamw_step', 'name: adam_step')
  .replace('{type: adamw, learning_rate: 0.01, weight_decay: 0.1, exclude: ["*.bias"]}', '{type: adam, learning_rate: 0.01}');

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('adamw', { timeout: 240_000 }, () => {
  it('decays exactly the non-excluded parameters by η·λ·w on one step', async () => {
    const adamw = compileText('test/emit/fixtures/adamw_step.yaml', adamwText);
    const adam = compileText('test/emit/fixtures/adam_step.yaml', adamText);
    expect(adam.training.optimizer.type).toBe('adam');
    const [initial, afterAdamw, afterAdam] = await Promise.all([
      runModel(adamw, ['--steps', '0']),
      runModel(adamw, ['--steps', '1']),
      runModel(adam, ['--steps', '1']),
    ]);
    for (const run of [initial, afterAdamw, afterAdam]) expect(run.exitCode, run.stderr).toBe(0);
    const [w0, w1, wAdam] = [initial, afterAdamw, afterAdam].map((run) => readSavedWeights(run.outDir));
    const learningRate = 0.01;
    const weightDecay = 0.1;
    for (const name of ['hidden/kernel', 'out/kernel', 'hidden/bias', 'out/bias']) {
      const decayed = name.endsWith('kernel');
      const start = weight(w0, name).values;
      const withDecay = weight(w1, name).values;
      const withoutDecay = weight(wAdam, name).values;
      start.forEach((value, i) => {
        const expected = decayed ? -learningRate * weightDecay * value : 0;
        expect(withDecay[i] - withoutDecay[i]).toBeCloseTo(expected, 6);
      });
      // And the step itself moved every weight (Adam's first step is ≈ η per weight).
      expect(Math.max(...withDecay.map((value, i) => Math.abs(value - start[i])))).toBeGreaterThan(learningRate / 2);
    }
  });
});
