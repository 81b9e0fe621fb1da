/**
 * A tagger (csv `labels:`, one class per position of a [steps, k] output): the loss and its gradient in
 * the TypeScript runtime, and the accuracy over positions in both runtimes, against an independent
 * computation (torch.nn.functional.cross_entropy on the logits reshaped to [batch·steps, k]; numpy's
 * argmax); the generated scripts of both targets refuse a label outside 0..k-1 at its csv line (exit 2).
 * The cross-target agreement of training is test/pytorch/cross-target.test.ts's xt_tagger.yaml.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { positionSoftmaxCrossEntropy } from '../../src/runtime/layers/position-losses.js';
import { positionArgMaxCorrect } from '../../src/runtime/value-metrics.js';
import { runMlpc } from '../helpers/run-process.js';
import { runPython, torch } from './helpers.js';

// [batch 2, steps 4, k 3] logits with ties broken clearly, and one label per position.
const logits = [
  [[0.3, -1.2, 2.5], [1.7, 0.05, -0.4], [-2.2, 0.9, 0.6], [0.0, 3.1, -1.5]],
  [[4.0, -3.0, 0.5], [-0.7, -0.2, 0.1], [1.1, 1.3, -2.4], [0.25, -0.5, 0.75]],
];
const labels = [[2, 0, 2, 1], [0, 1, 0, 2]];

const probe = `
import json, sys
import numpy as np
import torch
import torch.nn.functional as F
sys.path.insert(0, "src/runtime-py")
from mlpc_runtime.evaluation import position_argmax_correct
z = torch.tensor(${JSON.stringify(logits)}, dtype=torch.float64, requires_grad=True)
y = torch.tensor(${JSON.stringify(labels)})
loss = F.cross_entropy(z.reshape(-1, 3), y.reshape(-1))
grad, = torch.autograd.grad(loss, z)
numpy_correct = float((np.argmax(z.detach().numpy(), axis=2) == y.numpy()).mean(axis=1).sum())
print(json.dumps({
    "loss": loss.item(),
    "grad": grad.tolist(),
    "numpy_correct": numpy_correct,
    "runtime_correct": float(position_argmax_correct(z.detach().float(), None, y)),
}))
`;

torch.it('the per-position softmax cross-entropy, its gradient and the accuracy over positions equal torch and numpy', async () => {
  const result = await runPython(['-c', probe]);
  expect(result.status, result.stderr).toBe(0);
  const reference = JSON.parse(result.stdout) as { loss: number; grad: number[][][]; numpy_correct: number; runtime_correct: number };
  const z = tf.tensor3d(logits);
  const y = tf.tensor2d(labels, undefined, 'float32');
  const ours = positionSoftmaxCrossEntropy(z, y, 3);
  expect(ours.dLogits.shape).toEqual([2, 4, 3]);
  expect(ours.loss.dataSync()[0]).toBeCloseTo(reference.loss, 5);
  (ours.dLogits.arraySync() as number[][][]).flat(2).forEach((g, i) => expect(g, `gradient ${i}`).toBeCloseTo(reference.grad.flat(2)[i], 5));
  // The evaluation sees predict's [batch, steps·k] rows: the same loss and accuracy.
  const rows = tf.reshape(z, [2, 12]) as tf.Tensor2D;
  expect(positionSoftmaxCrossEntropy(rows, y, 3).loss.dataSync()[0]).toBeCloseTo(reference.loss, 5);
  // Example 0: 3 of 4 positions right (position 2 wrong); example 1: 2 of 4 (positions 1 and 2 wrong).
  expect(reference.numpy_correct).toBeCloseTo(1.25, 10);
  expect(positionArgMaxCorrect(rows, tf.tensor1d([0, 0], 'int32'), y).dataSync()[0]).toBeCloseTo(reference.numpy_correct, 6);
  expect(reference.runtime_correct).toBeCloseTo(reference.numpy_correct, 10);
}, 60_000);

torch.it('a label outside 0..k-1 or not an integer: both generated scripts exit 2 naming the csv line and column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpc-tagger-bad-'));
  const good = readFileSync('test/pytorch/fixtures/tagger.csv', 'utf8').trimEnd().split('\n');
  const spec = readFileSync('test/pytorch/fixtures/xt_tagger.yaml', 'utf8');
  writeFileSync(join(dir, 'xt_tagger.yaml'), spec);
  const cases: [string, string, RegExp][] = [
    // Row 5 (csv line 6), column t3: the label 3 with 3 classes per position.
    ['3', 'out-of-range', /tagger\.csv:6: column "t3": label 3 is out of range: the model has 3 classes per position \(labels 0\.\.2\)/],
    ['1.5', 'non-integer', /tagger\.csv:6: column "t3": label 1\.5 is not a non-negative integer/],
  ];
  for (const [value, name, expected] of cases) {
    const rows = good.map((line, index) => {
      if (index !== 5) return line;
      const fields = line.split(',');
      fields[11] = value; // x0..x7, t0..t3
      return fields.join(',');
    });
    writeFileSync(join(dir, 'tagger.csv'), `${rows.join('\n')}\n`);
    for (const target of ['typescript', 'pytorch']) {
      const run = await runMlpc(['train', join(dir, 'xt_tagger.yaml'), '--target', target, '--steps', '1', '--out', join(dir, `${name}-${target}`)], {
        env: { ...process.env, MLPC_QUIET: '1' },
      });
      expect(run.status, `${name} ${target}: ${run.stderr}`).toBe(2);
      expect(run.stderr, `${name} ${target}`).toMatch(expected);
      expect(run.stderr).not.toMatch(/Traceback|\n\s+at /);
    }
  }
}, 240_000);
