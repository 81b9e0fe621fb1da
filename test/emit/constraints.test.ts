/** Constraints hold on the saved weights after training, per output unit as Keras defines them. */
import { describe, expect, it } from 'vitest';
import { compileFixture, readSavedWeights, runModel, weight, type SavedWeight } from './helpers.js';

/** Norm of each output unit's incoming weights: the columns of a [in, units] kernel. */
function columnNorms(kernel: SavedWeight): number[] {
  const [inputs, units] = kernel.shape;
  return Array.from({ length: units }, (_, unit) => {
    let sum = 0;
    for (let k = 0; k < inputs; k++) sum += kernel.values[k * units + unit] ** 2;
    return Math.sqrt(sum);
  });
}

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('constraints after training', { timeout: 240_000 }, () => {
  it('max_norm, non_neg and unit_norm hold on the saved weights', async () => {
    const run = await runModel(compileFixture('constrained.yaml'), []);
    expect(run.exitCode, run.stderr).toBe(0);
    const weights = readSavedWeights(run.outDir);

    const hiddenNorms = columnNorms(weight(weights, 'hidden/kernel'));
    for (const norm of hiddenNorms) expect(norm).toBeLessThanOrEqual(0.5 + 1e-5);
    // random_normal(1.0) over 10 inputs starts near norm 3: the constraint must have been active.
    expect(Math.max(...hiddenNorms)).toBeGreaterThan(0.5 - 1e-4);

    const mid = weight(weights, 'mid/kernel');
    expect(Math.min(...mid.values)).toBeGreaterThanOrEqual(0);

    for (const norm of columnNorms(weight(weights, 'out/kernel'))) expect(norm).toBeCloseTo(1, 5);
  });
});
