/**
 * A 2-layer character LSTM (test/pytorch/fixtures/lstm_xt.yaml: block_size 16, embedding 16, 24 units,
 * no dropout, l2 on the recurrent kernels) in both targets from the same initial weights: the
 * TypeScript script's (a 0-step run saves them) go to both through --init-from; with the same windows
 * from the seeded generator, per-step losses over 50 steps agree to 1e-4 relative and the final
 * weights to 1e-3 (compare_runs.py). Then each target loads the other's saved model: the same bytes,
 * the same evaluation losses. The TypeScript target's LSTM (its own backward through time) and the
 * PyTorch target's (nn.LSTM's fused kernel, bias_hh zero) meet only here and in the saved layout.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';
import { readMetrics, runPython, torch } from './helpers.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';

const spec = 'test/pytorch/fixtures/lstm_xt.yaml';
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

torch.describe('a 2-layer LSTM in both targets (TensorFlow.js vs PyTorch, same initial weights, no dropout)', () => {
  it('per-step losses agree to 1e-4 relative over 50 steps, final weights to 1e-3', { timeout: 600_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpc-xt-lstm-'));
    mkdirSync(join(root, 'gen'));
    const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    const init = await runMlpc(['train', spec, '--steps', '0', '--out', join(root, 'init')], { env: quiet });
    expect(init.status, init.stderr).toBe(0);
    const ts = await runMlpc(['train', spec, '--init-from', join(root, 'init'), '--out', join(root, 'ts')], { env: quiet });
    expect(ts.status, ts.stderr).toBe(0);
    const py = await runPython([join(root, 'gen', 'lstm_xt.py'), '--init-from', join(root, 'init'), '--out', join(root, 'py')], { MLPC_QUIET: '1' });
    expect(py.status, py.stderr).toBe(0);
    const compared = await runPython(['test/pytorch/compare_runs.py', join(root, 'ts'), join(root, 'py')]);
    expect(compared.status, compared.stderr).toBe(0);
    const result = JSON.parse(compared.stdout) as Comparison;
    expect(result.steps).toBe(50);
    expect(result.weight_names_equal).toBe(true);
    expect(result.data_loss).toBeLessThan(1e-4);
    expect(result.reg_penalty).toBeLessThan(1e-4);
    expect(result.weights).toBeLessThan(1e-3);
    expect(result.last_loss).toBeLessThan(result.first_loss - 0.5);
    // The evaluation losses too (the fixed windows of each split), and the learning rate of each update.
    const records = (dir: string) => readMetrics(join(root, dir)) as unknown as { step: number; val_loss: number; train_loss: number; learning_rate?: number }[];
    const [a, b] = [records('ts'), records('py')];
    expect(a.map((record) => record.step)).toEqual(b.map((record) => record.step));
    a.forEach((record, i) => {
      expect(Math.abs(record.val_loss - b[i].val_loss) / b[i].val_loss, `val_loss at ${record.step}`).toBeLessThan(1e-4);
      expect(Math.abs(record.train_loss - b[i].train_loss) / b[i].train_loss, `train_loss at ${record.step}`).toBeLessThan(1e-4);
      if (record.learning_rate !== undefined) expect(record.learning_rate).toBeCloseTo(b[i].learning_rate!, 12);
    });
    // Both save the spec's parameter table: per layer kernel, recurrent kernel and one bias (no bias_hh).
    const names = (dir: string) => (JSON.parse(readFileSync(join(root, dir, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] }).weightsManifest[0].weights.map((weight) => `${weight.name} [${weight.shape.join(', ')}]`);
    expect(names('ts')).toEqual(names('py'));
    expect(names('ts')).toEqual([
      'embed.embeddings [56, 16]',
      'lstm.l0.kernel [16, 96]', 'lstm.l0.recurrent_kernel [24, 96]', 'lstm.l0.bias [96]',
      'lstm.l1.kernel [24, 96]', 'lstm.l1.recurrent_kernel [24, 96]', 'lstm.l1.bias [96]',
      'head.kernel [24, 56]', 'head.bias [56]',
    ]);
  });

  it('--init-from both ways: each target loads the other’s saved LSTM byte for byte', { timeout: 300_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpc-xt-lstm-both-'));
    const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    const script = join(root, 'gen', 'lstm_xt.py');
    const py = await runPython([script, '--steps', '5', '--out', join(root, 'py')], { MLPC_QUIET: '1' });
    expect(py.status, py.stderr).toBe(0);
    const ts = await runMlpc(['train', spec, '--steps', '0', '--init-from', join(root, 'py'), '--out', join(root, 'ts')], { env: quiet });
    expect(ts.status, ts.stderr).toBe(0);
    expect(savedWeightsBytes(join(root, 'ts')).equals(savedWeightsBytes(join(root, 'py')))).toBe(true);
    // Step 0 of the TypeScript run evaluates the PyTorch weights: the PyTorch run's last val_loss.
    const pyLast = readMetrics(join(root, 'py')).at(-1)!;
    const tsFirst = readMetrics(join(root, 'ts'))[0];
    expect(Math.abs(tsFirst.val_loss! - pyLast.val_loss!) / pyLast.val_loss!).toBeLessThan(1e-4);
    const back = await runPython([script, '--steps', '0', '--init-from', join(root, 'ts'), '--out', join(root, 'py2')], { MLPC_QUIET: '1' });
    expect(back.status, back.stderr).toBe(0);
    expect(savedWeightsBytes(join(root, 'py2')).equals(savedWeightsBytes(join(root, 'ts')))).toBe(true);
  });
});

torch.describe('a 2-layer GRU in both targets (Keras gate order held in both; PyTorch swaps to nn.GRU’s in its forward)', () => {
  it('per-step losses agree to 1e-4 relative over 50 steps, final weights to 1e-3, the same saved table', { timeout: 600_000 }, async () => {
    const gruSpec = 'test/pytorch/fixtures/gru_xt.yaml';
    const root = mkdtempSync(join(tmpdir(), 'mlpc-xt-gru-'));
    const build = await runMlpc(['build', gruSpec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    const init = await runMlpc(['train', gruSpec, '--steps', '0', '--out', join(root, 'init')], { env: quiet });
    expect(init.status, init.stderr).toBe(0);
    const ts = await runMlpc(['train', gruSpec, '--init-from', join(root, 'init'), '--out', join(root, 'ts')], { env: quiet });
    expect(ts.status, ts.stderr).toBe(0);
    const py = await runPython([join(root, 'gen', 'gru_xt.py'), '--init-from', join(root, 'init'), '--out', join(root, 'py')], { MLPC_QUIET: '1' });
    expect(py.status, py.stderr).toBe(0);
    const compared = await runPython(['test/pytorch/compare_runs.py', join(root, 'ts'), join(root, 'py')]);
    expect(compared.status, compared.stderr).toBe(0);
    const result = JSON.parse(compared.stdout) as Comparison;
    expect(result.steps).toBe(50);
    expect(result.weight_names_equal).toBe(true);
    expect(result.data_loss).toBeLessThan(1e-4);
    expect(result.reg_penalty).toBeLessThan(1e-4);
    expect(result.weights).toBeLessThan(1e-3);
    expect(result.last_loss).toBeLessThan(result.first_loss - 0.5);
    const names = (JSON.parse(readFileSync(join(root, 'py', 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] }).weightsManifest[0].weights.map((weight) => weight.name);
    expect(names.slice(1, 5)).toEqual(['gru.l0.kernel', 'gru.l0.recurrent_kernel', 'gru.l0.bias', 'gru.l0.recurrent_bias']);
  });
});

torch.describe('AR and TAR in both targets (Merity et al. 2017; named terms of the loss, logged in reg_penalty)', () => {
  it('per-step data losses and penalties (weights + AR + TAR) agree to 1e-4 relative over 50 steps, final weights to 1e-3', { timeout: 600_000 }, async () => {
    const arSpec = 'test/pytorch/fixtures/lstm_ar_xt.yaml';
    const root = mkdtempSync(join(tmpdir(), 'mlpc-xt-ar-'));
    const build = await runMlpc(['build', arSpec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    const init = await runMlpc(['train', arSpec, '--steps', '0', '--out', join(root, 'init')], { env: quiet });
    expect(init.status, init.stderr).toBe(0);
    const ts = await runMlpc(['train', arSpec, '--init-from', join(root, 'init'), '--out', join(root, 'ts')], { env: quiet });
    expect(ts.status, ts.stderr).toBe(0);
    const py = await runPython([join(root, 'gen', 'lstm_ar_xt.py'), '--init-from', join(root, 'init'), '--out', join(root, 'py')], { MLPC_QUIET: '1' });
    expect(py.status, py.stderr).toBe(0);
    const compared = await runPython(['test/pytorch/compare_runs.py', join(root, 'ts'), join(root, 'py')]);
    expect(compared.status, compared.stderr).toBe(0);
    const result = JSON.parse(compared.stdout) as Comparison;
    expect(result.steps).toBe(50);
    expect(result.data_loss).toBeLessThan(1e-4);
    expect(result.reg_penalty).toBeLessThan(1e-4);
    expect(result.weights).toBeLessThan(1e-3);
    // The activity terms are in reg_penalty in both: at step 1 the l2 term alone is 1e-4·Σ R² = 1e-4 · 2 layers · 24
    // (orthogonal rows of norm 1) = 0.0048; AR + TAR add to it.
    for (const run of ['ts', 'py']) {
      const first = readMetrics(join(root, run)).find((record) => record.step === 1) as unknown as { reg_penalty: number };
      expect(first.reg_penalty - 0.0048, run).toBeGreaterThan(1e-4);
    }
  });
});
