/**
 * THE numerical test: the loss a generated script logs equals an independent plain-JavaScript
 * computation (float64 loops, no tfjs) of softmax cross-entropy plus exactly the per-parameter
 * penalties the spec asked for, from the script's own initial weights (saved by a --steps 0 run).
 * The batch is the whole training set, so the mean loss does not depend on the batch order.
 */
import { describe, expect, it } from 'vitest';
import { makeSynthetic } from '../../src/runtime/data/synthetic.js';
import { compileFixture, readSavedWeights, runModel, weight, type SavedWeight } from './helpers.js';
import type { ModelIR } from '../../src/compiler/ir/types.js';

function denseLayer(input: number[][], kernel: SavedWeight, bias: SavedWeight, relu: boolean): number[][] {
  const [inputs, units] = kernel.shape;
  return input.map((row) => {
    const output: number[] = [];
    for (let unit = 0; unit < units; unit++) {
      let sum = bias.values[unit];
      for (let k = 0; k < inputs; k++) sum += row[k] * kernel.values[k * units + unit];
      output.push(relu ? Math.max(0, sum) : sum);
    }
    return output;
  });
}

function meanSoftmaxCrossEntropy(logits: number[][], labels: Int32Array): number {
  let total = 0;
  logits.forEach((row, i) => {
    const max = Math.max(...row);
    const logSumExp = max + Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0));
    total += logSumExp - row[labels[i]];
  });
  return total / logits.length;
}

const sumSquares = (w: SavedWeight) => w.values.reduce((sum, value) => sum + value * value, 0);
const sumAbs = (w: SavedWeight) => w.values.reduce((sum, value) => sum + Math.abs(value), 0);

async function loggedAndInitialWeights(ir: ModelIR) {
  const initial = await runModel(ir, ['--steps', '0']);
  expect(initial.exitCode, initial.stderr).toBe(0);
  const oneStep = await runModel(ir, ['--steps', '1']);
  expect(oneStep.exitCode, oneStep.stderr).toBe(0);
  const train = makeSynthetic({ examples: 60, features: 6, classes: 3, train: 40, validation: 10, test: 10, seed: 7 }).train;
  const inputs = Array.from({ length: train.count }, (_, i) => Array.from(train.features.slice(i * 6, i * 6 + 6)));
  const weights = readSavedWeights(initial.outDir);
  const hidden = denseLayer(inputs, weight(weights, 'hidden/kernel'), weight(weights, 'hidden/bias'), true);
  const logits = denseLayer(hidden, weight(weights, 'out/kernel'), weight(weights, 'out/bias'), false);
  return { logged: oneStep.records[0], weights, dataLoss: meanSoftmaxCrossEntropy(logits, train.labels) };
}

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('logged loss = cross-entropy + exactly the requested penalties', { timeout: 240_000 }, () => {
  it('excludes the biases when the spec penalizes kernels only', async () => {
    const { logged, weights, dataLoss } = await loggedAndInitialWeights(compileFixture('numeric_bias_excluded.yaml'));
    const penalty = 0.01 * (sumSquares(weight(weights, 'hidden/kernel')) + sumSquares(weight(weights, 'out/kernel')));
    expect(logged.step).toBe(0);
    expect(logged.data_loss).toBeCloseTo(dataLoss, 5);
    expect(logged.reg_penalty).toBeCloseTo(penalty, 5);
    expect(logged.total_loss).toBeCloseTo(dataLoss + penalty, 5);
    // The biases are not zero (constant 0.1, uniform ±0.5): including them would change the penalty.
    const biasTerm = 0.01 * (sumSquares(weight(weights, 'hidden/bias')) + sumSquares(weight(weights, 'out/bias')));
    expect(biasTerm).toBeGreaterThan(1e-3);
  });

  it('includes the biases (L2) and the output bias (L1 on top) when the spec asks', async () => {
    const { logged, weights, dataLoss } = await loggedAndInitialWeights(compileFixture('numeric_bias_included.yaml'));
    const penalty =
      0.01 * (sumSquares(weight(weights, 'hidden/kernel')) + sumSquares(weight(weights, 'out/kernel'))) +
      0.02 * (sumSquares(weight(weights, 'hidden/bias')) + sumSquares(weight(weights, 'out/bias'))) +
      0.03 * sumAbs(weight(weights, 'out/bias'));
    expect(logged.data_loss).toBeCloseTo(dataLoss, 5);
    expect(logged.reg_penalty).toBeCloseTo(penalty, 5);
    expect(logged.total_loss).toBeCloseTo(dataLoss + penalty, 5);
  });
});
