/** The other data sources, losses and optimizers end to end: idx + conv/bn + rmsprop schedule; csv + sigmoid + adam. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEBIAN_FASHION_MNIST_DIR, fashionMnist, fashionMnistDir } from '../helpers/fashion-mnist.js';
import { compileFixture, compileText, fixturesDir, readSavedWeights, runModel, weight } from './helpers.js';

/** fashion_idx.yaml names Debian's folder; MLPC_FASHION_MNIST_DIR moves it. */
function fashionSpec() {
  const file = join(fixturesDir, 'fashion_idx.yaml');
  return compileText(file, readFileSync(file, 'utf8').split(DEBIAN_FASHION_MNIST_DIR).join(fashionMnistDir));
}

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('other sources, losses and optimizers', { timeout: 240_000 }, () => {
  fashionMnist.it('idx (Fashion-MNIST): a conv net with batch norm and max-norm trains and saves moving statistics', async () => {
    const run = await runModel(fashionSpec(), []);
    expect(run.exitCode, run.stderr).toBe(0);
    const steps = run.records.filter((record) => record.test_loss === undefined);
    expect(steps.map((record) => record.step)).toEqual([0, 5, 10]);
    expect(steps[2].val_loss).toBeLessThan(steps[0].val_loss ?? Number.NaN);
    const weights = readSavedWeights(run.outDir);
    expect([...weights.keys()]).toEqual(['conv/kernel', 'conv/bias', 'bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance', 'out/kernel', 'out/bias']);
    // Moving statistics moved away from their initial zeros / ones during training.
    expect(Math.max(...weight(weights, 'bn/moving_mean').values.map(Math.abs))).toBeGreaterThan(1e-3);
    // max_norm 2 over each 3·3·1 filter
    const kernel = weight(weights, 'conv/kernel');
    const filters = kernel.shape[3];
    for (let f = 0; f < filters; f++) {
      let sum = 0;
      for (let i = f; i < kernel.values.length; i += filters) sum += kernel.values[i] ** 2;
      expect(Math.sqrt(sum)).toBeLessThanOrEqual(2 + 1e-5);
    }
  }, 120_000);

  it('csv with one sigmoid logit learns a linearly separable rule', async () => {
    mkdirSync('node_modules/.cache/mlpc-test', { recursive: true });
    const rows = ['a,b,y'];
    for (let i = 0; i < 80; i++) {
      const a = ((i * 37) % 80) / 40 - 1;
      const b = ((i * 53) % 80) / 40 - 1;
      rows.push(`${a},${b},${a + b > 0 ? 1 : 0}`);
    }
    writeFileSync('node_modules/.cache/mlpc-test/binary.csv', `${rows.join('\n')}\n`);
    const run = await runModel(compileFixture('binary_csv.yaml'), []);
    expect(run.exitCode, run.stderr).toBe(0);
    const final = run.records[run.records.length - 1];
    expect(final.test_accuracy).toBeGreaterThanOrEqual(0.8);
    expect(run.records[3].data_loss).toBeLessThan(run.records[0].data_loss ?? Number.NaN);
  });
});
