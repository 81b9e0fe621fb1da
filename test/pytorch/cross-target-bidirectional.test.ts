/**
 * Bidirectional recurrent stacks in both targets (test/pytorch/fixtures/lstm_bidir_xt.yaml and
 * gru_bidir_xt.yaml: 2 layers, 12 units per direction, no dropout, l2 on every recurrent kernel, the
 * backward direction's included), as test/pytorch/cross-target-lstm.test.ts: the TypeScript script's
 * initial weights (a 0-step run saves them) go to both through --init-from; per-step losses over 50
 * steps agree to 1e-4 relative, the final weights to 1e-3, and both save the same table (forward and
 * `_reverse` tensors per layer, the second layer's kernels reading 2·units). Then each target loads the
 * other's saved model byte for byte. The TypeScript target runs the backward direction as its own cell
 * code on the reversed sequence; the PyTorch target, the fused kernel's bidirectional flag.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';
import { readMetrics, runPython, torch } from './helpers.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';

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

const cells = [
  { cell: 'lstm', name: 'lstm_bidir_xt', tensors: ['kernel', 'recurrent_kernel', 'bias'], gates: 48 },
  { cell: 'gru', name: 'gru_bidir_xt', tensors: ['kernel', 'recurrent_kernel', 'bias', 'recurrent_bias'], gates: 36 },
];

for (const { cell, name, tensors, gates } of cells) {
  const spec = `test/pytorch/fixtures/${name}.yaml`;
  torch.describe(`a 2-layer bidirectional ${cell} in both targets (TensorFlow.js vs PyTorch, same initial weights, no dropout)`, () => {
    it('per-step losses agree to 1e-4 relative over 50 steps, final weights to 1e-3, the same saved table', { timeout: 600_000 }, async () => {
      const root = mkdtempSync(join(tmpdir(), `mlpc-xt-${name}-`));
      mkdirSync(join(root, 'gen'));
      const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
      expect(build.status, build.stderr).toBe(0);
      const init = await runMlpc(['train', spec, '--steps', '0', '--out', join(root, 'init')], { env: quiet });
      expect(init.status, init.stderr).toBe(0);
      const ts = await runMlpc(['train', spec, '--init-from', join(root, 'init'), '--out', join(root, 'ts')], { env: quiet });
      expect(ts.status, ts.stderr).toBe(0);
      const py = await runPython([join(root, 'gen', `${name}.py`), '--init-from', join(root, 'init'), '--out', join(root, 'py')], { MLPC_QUIET: '1' });
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
      const records = (dir: string) => readMetrics(join(root, dir)) as unknown as { step: number; val_loss: number; train_loss: number }[];
      const [a, b] = [records('ts'), records('py')];
      expect(a.map((record) => record.step)).toEqual(b.map((record) => record.step));
      a.forEach((record, i) => {
        expect(Math.abs(record.val_loss - b[i].val_loss) / b[i].val_loss, `val_loss at ${record.step}`).toBeLessThan(1e-4);
        expect(Math.abs(record.train_loss - b[i].train_loss) / b[i].train_loss, `train_loss at ${record.step}`).toBeLessThan(1e-4);
      });
      const names = (dir: string) =>
        (JSON.parse(readFileSync(join(root, dir, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] }).weightsManifest[0].weights.map(
          (weight) => `${weight.name} [${weight.shape.join(', ')}]`,
        );
      expect(names('ts')).toEqual(names('py'));
      const shape = (layer: number, tensor: string) => (tensor === 'kernel' ? `[${layer === 0 ? 16 : 24}, ${gates}]` : tensor === 'recurrent_kernel' ? `[12, ${gates}]` : `[${gates}]`);
      expect(names('ts')).toEqual([
        'embed.embeddings [56, 16]',
        ...[0, 1].flatMap((l) => ['', '_reverse'].flatMap((d) => tensors.map((tensor) => `${cell}.l${l}${d}.${tensor} ${shape(l, tensor)}`))),
        'head.kernel [24, 56]',
        'head.bias [56]',
      ]);
    });

    it('--init-from both ways: each target loads the other’s saved model byte for byte', { timeout: 300_000 }, async () => {
      const root = mkdtempSync(join(tmpdir(), `mlpc-xt-${name}-both-`));
      const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
      expect(build.status, build.stderr).toBe(0);
      const script = join(root, 'gen', `${name}.py`);
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
}
