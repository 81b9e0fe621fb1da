/**
 * Dropout-aware L2 in the PyTorch target. The runtime (mlpc_runtime/dropout.py) against numpy: its
 * Dropout draws nn.Dropout's masks and keeps them, its penalty's value is the expectation
 * λ·Π(1 − r)·Σw² and its gradient 2λ·U⊙w from the kept masks. Then the same spec in both targets
 * from the same initial weights and the SAME masks (the Python runtime's test-only hook draws the
 * TypeScript target's xorshift masks, checked here against dropoutMaskValues): per-step data loss and
 * logged penalty, and the final weights, to 1e-5.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { dropoutMaskValues } from '../../src/runtime/layers/dropout.js';
import { runMlpc } from '../helpers/run-process.js';
import { runPython, torch } from './helpers.js';

const runtimeDir = resolve('src/runtime-py');
const spec = 'test/pytorch/fixtures/aware_xt.yaml';
const quiet = { ...process.env, MLPC_QUIET: '1' };

async function probe<T>(request: object): Promise<T> {
  const result = await runPython(['test/pytorch/dropout_probe.py', runtimeDir, JSON.stringify(request)]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface Comparison {
  steps: number;
  data_loss: number;
  reg_penalty: number;
  weight_names_equal: boolean;
  weights: number;
  first_loss: number;
  last_loss: number;
}

interface PenaltyCheck {
  value: number;
  gradient: number;
  plain_gradient: number;
}

torch.describe('dropout-aware L2 in the PyTorch runtime', () => {
  it('the test-only hook draws the TypeScript masks bit for bit (seeds past 2^32 wrap as in JavaScript)', { timeout: 120_000 }, async () => {
    const draws: [number, number, number][] = [
      [300, 0.5, 12345],
      [300, 0.2, 0],
      [257, 0.3, 2 ** 32 - 1],
    ];
    const expected = draws.map(([size, rate, seed]) => Array.from(dropoutMaskValues(size, rate, seed), (value) => (value > 0 ? 1 : 0)));
    const got = await probe<number[][]>({ kind: 'masks', draws });
    expect(got).toEqual(expected);
    expect(got[0].filter((keep) => keep === 1).length).toBeGreaterThan(100);
  });

  it('mlpc.Dropout draws nn.Dropout’s masks from the same generator and keeps them', { timeout: 120_000 }, async () => {
    const result = await probe<Record<string, number | boolean>>({ kind: 'nn_dropout', seed: 3, batch: 16, units: 50, rate: 0.3 });
    expect(result).toMatchObject({ equal: true, mask_matches_output: true, eval_is_identity: true });
    expect(result.kept_fraction).toBeGreaterThan(0.6);
    expect(result.kept_fraction).toBeLessThan(0.8);
  });

  it.each([
    ['dropout before and after', 0.2, 0.5],
    ['dropout after only', 0, 0.5],
    ['dropout before only', 0.3, 0],
  ])('value λ·Π(1 − r)·Σw² and gradient 2λ·U⊙w against numpy: %s', { timeout: 120_000 }, async (_, before, after) => {
    const result = await probe<Record<'weight' | 'bias', PenaltyCheck>>({
      kind: 'penalty',
      seed: 3,
      batch: 16,
      inputs: 6,
      units: 5,
      lambda: 0.01,
      rate_inputs: before,
      rate_units: after,
    });
    for (const name of ['weight', 'bias'] as const) {
      expect(result[name].value, name).toBeLessThan(1e-6);
      expect(result[name].gradient, name).toBeLessThan(1e-6);
    }
    // The masks' U is not its expectation: the gradient is not plain L2's with λ·Π(1 − r).
    expect(result.weight.plain_gradient).toBeGreaterThan(0.05);
    if (after > 0) expect(result.bias.plain_gradient).toBeGreaterThan(0.05);
  });

  it('both targets, same initial weights and masks: per-step losses and final weights to 1e-5', { timeout: 300_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpc-aware-xt-'));
    mkdirSync(join(root, 'gen'));
    const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    const script = join(root, 'gen', 'aware_xt.py');
    expect(readFileSync(script, 'utf8')).toContain('self.hidden_dropout = mlpc.Dropout(0.5)');
    const init = await runMlpc(['train', spec, '--steps', '0', '--out', join(root, 'init')], { env: quiet });
    expect(init.status, init.stderr).toBe(0);
    const ts = await runMlpc(['train', spec, '--out', join(root, 'ts')], { env: quiet });
    expect(ts.status, ts.stderr).toBe(0);
    // The spec's seed (7), and the layer indices of its dropout layers, input_dropout 0 and hidden_dropout 2.
    const hook = { MLPC_TEST_TS_DROPOUT_MASKS: '7:0,2' };
    const py = await runPython([script, '--init-from', join(root, 'init'), '--out', join(root, 'py')], hook);
    expect(py.status, py.stderr).toBe(0);
    const compare = async (other: string) => {
      const compared = await runPython(['test/pytorch/compare_runs.py', join(root, 'ts'), join(root, other)]);
      expect(compared.status, compared.stderr).toBe(0);
      return JSON.parse(compared.stdout) as Comparison;
    };
    const same = await compare('py');
    expect(same.steps).toBe(50);
    expect(same.weight_names_equal).toBe(true);
    expect(same.data_loss).toBeLessThan(1e-5);
    expect(same.reg_penalty).toBeLessThan(1e-5);
    expect(same.weights).toBeLessThan(1e-5);
    expect(same.last_loss).toBeLessThan(same.first_loss);
    // Without the hook the PyTorch script draws torch's masks: the comparison sees the difference.
    const own = await runPython([script, '--init-from', join(root, 'init'), '--out', join(root, 'own')]);
    expect(own.status, own.stderr).toBe(0);
    expect((await compare('own')).weights).toBeGreaterThan(1e-2);
  });
});
