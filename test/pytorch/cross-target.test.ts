/**
 * The same spec in both targets: the TypeScript script's initial weights (a 0-step run saves them) go
 * to the PyTorch script through --init-from; then, with the same data split and batch order and no
 * dropout, the per-step data loss and penalty agree to 1e-4 relative over 50 steps and the final
 * weights to 1e-3 (compare_runs.py: numpy over the two saved folders). One fixture per optimizer,
 * penalty mix, constraint kind, batch norm, and conv2d + max-pool with TF's asymmetric "same" padding.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';
import { readMetrics, runPython, torch } from './helpers.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';

const fixtures = readdirSync('test/pytorch/fixtures')
  .filter((name) => name.startsWith('xt_') && name.endsWith('.yaml'))
  .sort();
const quiet = { ...process.env, MLPC_QUIET: '1' };

interface Comparison {
  steps: number;
  data_loss: number;
  reg_penalty: number;
  weight_names_equal: boolean;
  weights: number;
  first_loss: number;
  last_loss: number;
}

/** Builds the fixture's PyTorch script, and trains it in both targets from the same initial weights. */
async function trainBoth(fixture: string): Promise<{ root: string; name: string }> {
  const spec = join('test/pytorch/fixtures', fixture);
  const name = basename(fixture, '.yaml');
  const root = mkdtempSync(join(tmpdir(), `mlpc-xt-${name}-`));
  mkdirSync(join(root, 'gen'));
  const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
  expect(build.status, build.stderr).toBe(0);
  const init = await runMlpc(['train', spec, '--steps', '0', '--out', join(root, 'init')], { env: quiet });
  expect(init.status, init.stderr).toBe(0);
  const ts = await runMlpc(['train', spec, '--out', join(root, 'ts')], { env: quiet });
  expect(ts.status, ts.stderr).toBe(0);
  const py = await runPython([join(root, 'gen', `${name}.py`), '--init-from', join(root, 'init'), '--out', join(root, 'py')]);
  expect(py.status, py.stderr).toBe(0);
  return { root, name };
}

torch.describe('cross-target agreement (TensorFlow.js vs PyTorch, same initial weights, no dropout)', () => {
  it.each(fixtures)('%s: per-step losses to 1e-4, final weights to 1e-3', { timeout: 240_000 }, async (fixture) => {
    const { root } = await trainBoth(fixture);
    const compared = await runPython(['test/pytorch/compare_runs.py', join(root, 'ts'), join(root, 'py')]);
    expect(compared.status, compared.stderr).toBe(0);
    const result = JSON.parse(compared.stdout) as Comparison;
    expect(result.steps).toBe(50);
    expect(result.weight_names_equal).toBe(true);
    expect(result.data_loss).toBeLessThan(1e-4);
    expect(result.reg_penalty).toBeLessThan(1e-4);
    expect(result.weights).toBeLessThan(1e-3);
    expect(result.last_loss).toBeLessThan(result.first_loss);
    // Max-norm activity: the same units rescaled at the same steps (one unit's norm at the bound may differ).
    const activity = (dir: string) => readMetrics(join(root, dir)).filter((line) => line.test_loss === undefined).map((line) => line.max_norm_rescaled ?? {});
    const [tsActivity, pyActivity] = [activity('ts'), activity('py')];
    expect(pyActivity.length).toBe(tsActivity.length);
    tsActivity.forEach((fractions, i) => {
      expect(Object.keys(pyActivity[i]).sort(), `step ${i}`).toEqual(Object.keys(fractions).sort());
      for (const [id, value] of Object.entries(fractions)) expect(Math.abs(pyActivity[i][id] - value), `${id} at ${i}`).toBeLessThanOrEqual(0.02);
    });
    if (fixture === 'xt_constraints.yaml') expect(tsActivity.some((fractions) => fractions['hidden.kernel'] > 0)).toBe(true);
  });

  it('the logged penalty equals a numpy computation over the saved weights', { timeout: 240_000 }, async () => {
    const spec = 'test/pytorch/fixtures/xt_sgd.yaml';
    const root = mkdtempSync(join(tmpdir(), 'mlpc-xt-penalty-'));
    const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    // One step: the step-0 record's penalty is that of the weights saved by a 0-step run.
    const init = await runPython([join(root, 'gen', 'xt_sgd.py'), '--steps', '0', '--out', join(root, 'init')]);
    expect(init.status, init.stderr).toBe(0);
    const one = await runPython([join(root, 'gen', 'xt_sgd.py'), '--steps', '1', '--out', join(root, 'one')]);
    expect(one.status, one.stderr).toBe(0);
    // xt_sgd.yaml: l2 0.001 on both kernels, l1 0.0005 on hidden.kernel, l1 0.01 on hidden.bias.
    const numpy = await runPython([
      '-c',
      [
        'import json, sys',
        'sys.path.insert(0, "test/pytorch")',
        'from compare_runs import weights',
        `w = weights(${JSON.stringify(join(root, 'init'))})`,
        'p = 0.001 * ((w["hidden/kernel"].astype("f8") ** 2).sum() + (w["out/kernel"].astype("f8") ** 2).sum())',
        'p += 0.0005 * abs(w["hidden/kernel"].astype("f8")).sum() + 0.01 * abs(w["hidden/bias"].astype("f8")).sum()',
        'print(json.dumps(float(p)))',
      ].join('\n'),
    ]);
    expect(numpy.status, numpy.stderr).toBe(0);
    const expected = JSON.parse(numpy.stdout) as number;
    const logged = readMetrics(join(root, 'one'))[0].reg_penalty!;
    expect(expected).toBeGreaterThan(0.01);
    expect(Math.abs(logged - expected) / expected).toBeLessThan(1e-5);
  });

  it('--init-from both ways: a model trained by one target is evaluated by the other with the same weights and test loss', { timeout: 240_000 }, async () => {
    const spec = 'test/pytorch/fixtures/xt_conv.yaml';
    const root = mkdtempSync(join(tmpdir(), 'mlpc-xt-both-'));
    const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    const script = join(root, 'gen', 'xt_conv.py');
    // PyTorch trains (conv kernels, batch-norm statistics, a dense kernel), TypeScript takes its weights.
    const py = await runPython([script, '--steps', '20', '--out', join(root, 'py')]);
    expect(py.status, py.stderr).toBe(0);
    const ts = await runMlpc(['train', spec, '--steps', '0', '--init-from', join(root, 'py'), '--out', join(root, 'ts')], { env: quiet });
    expect(ts.status, ts.stderr).toBe(0);
    expect(savedWeightsBytes(join(root, 'ts')).equals(savedWeightsBytes(join(root, 'py')))).toBe(true);
    const pyTest = readMetrics(join(root, 'py')).at(-1)!;
    const tsTest = readMetrics(join(root, 'ts')).at(-1)!;
    expect(Math.abs(tsTest.test_loss! - pyTest.test_loss!) / pyTest.test_loss!).toBeLessThan(1e-4);
    expect(tsTest.test_accuracy).toBe(pyTest.test_accuracy);
    // TypeScript trains further, PyTorch takes its weights back.
    const tsMore = await runMlpc(['train', spec, '--steps', '10', '--init-from', join(root, 'py'), '--out', join(root, 'ts2')], { env: quiet });
    expect(tsMore.status, tsMore.stderr).toBe(0);
    const back = await runPython([script, '--steps', '0', '--init-from', join(root, 'ts2'), '--out', join(root, 'py2')]);
    expect(back.status, back.stderr).toBe(0);
    expect(savedWeightsBytes(join(root, 'py2')).equals(savedWeightsBytes(join(root, 'ts2')))).toBe(true);
  });

  it('--init-from a folder without a weight the model needs: exit 2 naming it', { timeout: 120_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpc-xt-bad-'));
    const build = await runMlpc(['build', 'test/pytorch/fixtures/xt_conv.yaml', '--target', 'pytorch', '--out', root, '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    const made = await runPython([join(root, 'xt_conv.py'), '--steps', '0', '--out', join(root, 'conv')]);
    expect(made.status, made.stderr).toBe(0);
    const other = await runMlpc(['train', 'test/pytorch/fixtures/xt_sgd.yaml', '--steps', '0', '--init-from', join(root, 'conv'), '--out', join(root, 'x')], { env: quiet });
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('no weight named hidden/kernel');
  });
});
