/**
 * The data split is drawn from the spec's training.seed, whatever --seed says: a run with --seed 3
 * logs, at step 0 (whole training set as the batch, no dropout), the cross-entropy of ITS initial
 * weights on the training examples of the spec's seed (7), computed here in plain JavaScript.
 */
import { describe, expect, it } from 'vitest';
import { makeSynthetic } from '../../src/runtime/data/synthetic.js';
import { compileFixture, readSavedWeights, runModel, weight, type SavedWeight } from './helpers.js';

function logits(features: Float32Array, count: number, hk: SavedWeight, hb: SavedWeight, ok: SavedWeight, ob: SavedWeight): number[][] {
  const layer = (input: number[], kernel: SavedWeight, bias: SavedWeight, relu: boolean) => {
    const [inputs, units] = kernel.shape;
    return Array.from({ length: units }, (_, unit) => {
      let sum = bias.values[unit];
      for (let k = 0; k < inputs; k++) sum += input[k] * kernel.values[k * units + unit];
      return relu ? Math.max(0, sum) : sum;
    });
  };
  const size = hk.shape[0];
  return Array.from({ length: count }, (_, i) => layer(layer(Array.from(features.slice(i * size, (i + 1) * size)), hk, hb, true), ok, ob, false));
}

function meanCrossEntropy(rows: number[][], labels: Int32Array): number {
  let total = 0;
  rows.forEach((row, i) => {
    const max = Math.max(...row);
    total += max + Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0)) - row[labels[i]];
  });
  return total / rows.length;
}

describe('the split ignores --seed', { timeout: 240_000 }, () => {
  it('--seed 3 trains on the examples of the spec seed 7', async () => {
    const ir = compileFixture('numeric_bias_excluded.yaml');
    expect(ir.training.seed).toBe(7);
    const [initial, oneStep] = await Promise.all([runModel(ir, ['--steps', '0', '--seed', '3']), runModel(ir, ['--steps', '1', '--seed', '3'])]);
    expect(initial.exitCode, initial.stderr).toBe(0);
    expect(oneStep.exitCode, oneStep.stderr).toBe(0);
    const w = readSavedWeights(initial.outDir);
    const names = ['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias'] as const;
    const [hk, hb, ok, ob] = names.map((name) => weight(w, name));
    const specSplit = makeSynthetic({ examples: 60, features: 6, classes: 3, train: 40, validation: 10, test: 10, seed: 7 }).train;
    const runSeedSplit = makeSynthetic({ examples: 60, features: 6, classes: 3, train: 40, validation: 10, test: 10, seed: 3 }).train;
    const expected = meanCrossEntropy(logits(specSplit.features, specSplit.count, hk, hb, ok, ob), specSplit.labels);
    const otherSplit = meanCrossEntropy(logits(runSeedSplit.features, runSeedSplit.count, hk, hb, ok, ob), runSeedSplit.labels);
    expect(oneStep.records[0].data_loss).toBeCloseTo(expected, 5);
    // The check can tell the splits apart: the --seed 3 split would give another loss.
    expect(Math.abs(otherSplit - expected)).toBeGreaterThan(1e-3);
  });
});
