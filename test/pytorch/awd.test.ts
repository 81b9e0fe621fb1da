/**
 * AWD-LSTM's embedding dropout and AR/TAR on the PyTorch target (awd_probe.py): mlpc.Embedding's
 * row_dropout against nn.Embedding given the same weights, and the activity_penalty a generated
 * script prints for a spec with AR and TAR against numpy on the output it reads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { emitPytorchScript } from '../../src/compiler/emit/pytorch/emit-pytorch.js';
import { temporaryDir } from '../emit/helpers.js';
import { runPython, torch } from './helpers.js';

const FILE = 'specs/shakespeare_lstm.yaml';
const LSTM_LINE = '    - {type: lstm, name: lstm, units: 128, layers: 2, dropout: 0.0}';

torch.it('row_dropout drops whole vocabulary rows per batch (rescaled, gradient to the Parameter, data unwritten, none at eval); AR + TAR as printed = α·mean(h²) + β·mean(Δh²) in numpy', async () => {
  const shipped = readFileSync(FILE, 'utf8');
  expect(shipped).toContain(LSTM_LINE);
  const text = shipped.replace(
    LSTM_LINE,
    '    - {type: lstm, name: lstm, units: 32, layers: 2, weight_drop: 0.3, activation_regularization: 2, temporal_activation_regularization: 1}\n    - {type: dropout, rate: 0.4}',
  );
  const { ir } = compileSpecText(FILE, text);
  const dir = temporaryDir('awd');
  const path = join(dir, 'awd.py');
  writeFileSync(path, emitPytorchScript(ir!, { version: '0.0.0', scriptDir: dir, cwd: process.cwd() }).text);
  const result = await runPython(['test/pytorch/awd_probe.py', path]);
  expect(result.status, result.stderr).toBe(0);
  const probe = JSON.parse(result.stdout) as Record<string, unknown>;
  expect(probe['training forward']).toBe(0);
  expect(probe['dropped tokens present']).toBeGreaterThan(3);
  expect(probe['dropped rows all zero wherever they appear']).toBe(true);
  expect(probe['mask values']).toEqual([0, 2]);
  expect(probe['mask shape']).toEqual([40, 1]);
  expect(probe.gradient).toBeLessThan(1e-6);
  expect(probe['data unchanged']).toBe(true);
  expect(probe['fresh mask per batch']).toBe(true);
  expect(probe.eval).toBe(0);
  expect(probe['eval mask']).toBe(true);
  expect(probe.activity).toBeLessThan(1e-5);
  expect(probe["kept output is the lstm's"]).toBeLessThan(1e-6);
  expect(probe['activity grads reach the lstm']).toBe(true);
}, 120_000);
