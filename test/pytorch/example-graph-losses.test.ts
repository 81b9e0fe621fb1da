/**
 * A graph on examples trains as the sequential model it equals, for every loss the sequential printer
 * has: each sequential fixture below, made a graph by one identity layer (drop_path at rate 0, which
 * needs the graph printer), runs the same steps from the same seed to the same records and the same
 * saved weights (byte for byte where both use nn.Linear; to float rounding for the tagger, whose
 * sequential twin computes with kernel-1 conv1d). Covers softmax and sigmoid cross-entropy with
 * class_weight, binary cross-entropy on target columns, huber and MAE on csv targets, MSE on
 * `target: input`, softmax cross-entropy at every position; L1 and L2 penalties, each optimizer (AdamW's
 * decay groups), schedules, a momentum ramp, non_neg and unit_norm constraints.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';
import { readRecords, temporaryDir } from '../emit/helpers.js';
import { black, runPython, torch } from './helpers.js';

const fixtures = resolve('test/pytorch/fixtures');

/** The fixture with absolute data paths, no activity regularizers and no max_norm (graphs refuse them). */
function sequential(name: string): string {
  return readFileSync(join(fixtures, `${name}.yaml`), 'utf8')
    .replace(/path: (\w+\.csv)/, (_, file: string) => `path: ${join(fixtures, file)}`)
    .replace(/, activity_regularizer: \{[^}]*\}/g, '')
    .replace(/^ {2}- \{params: "[^"]*", max_norm: [^}]*\}\n/m, '');
}

/** The same model as a graph: an identity drop_path after the first layer. */
function graph(text: string, name: string): string {
  const lines = text.replace(/^mlpc: 1$/m, 'mlpc: 2').replace(`name: ${name}\n`, `name: ${name}_graph\n`).split('\n');
  const first = lines.findIndex((line) => /^ {4}- \{type: (dense|conv1d)/.test(line));
  lines.splice(first + 1, 0, '    - {type: drop_path, name: identity, rate: 0.0}');
  return lines.join('\n');
}

/** xt_tagger's twin: kernel-1 conv1d layers in the sequential model, dense per position in the graph. */
function tagger(): [string, string] {
  const text = sequential('xt_tagger')
    .replace('filters: 8, kernel_size: 3, padding: same', 'filters: 8, kernel_size: 1')
    .replace(/^.*# one class label per position$/m, (line) => line.replace(/\s+#.*$/, ''));
  const twin = graph(text, 'xt_tagger').replace('{type: conv1d, name: c1, filters: 8, kernel_size: 1,', '{type: dense, name: c1, units: 8,').replace('{type: conv1d, name: head, filters: 3, kernel_size: 1}', '{type: dense, name: head, units: 3}');
  return [text, twin];
}

const cases = [
  'xt_class_weight',
  'xt_class_weight_sigmoid',
  'xt_multilabel',
  'xt_regression',
  'xt_mae',
  'xt_autoencoder',
  'xt_tagger',
  'xt_sgd',
  'xt_adamw',
  'xt_rmsprop',
  'xt_adadelta',
  'xt_momentum_ramp',
  'xt_warmup_cosine',
  'xt_constraints',
];

torch.describe('a graph on examples equal to a sequential model', () => {
  it.each(cases)('%s: the same records and saved weights as the sequential model', { timeout: 300_000 }, async (name) => {
    const root = temporaryDir('graph-twin');
    const [text, twin] = name === 'xt_tagger' ? tagger() : [sequential(name), graph(sequential(name), name)];
    expect(twin).toContain('type: drop_path');
    writeFileSync(join(root, `${name}.yaml`), text);
    writeFileSync(join(root, `${name}_graph.yaml`), twin);
    const build = await runMlpc(['build', join(root, `${name}.yaml`), join(root, `${name}_graph.yaml`), '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    const script = join(root, 'gen', `${name}_graph.py`);
    expect(readFileSync(script, 'utf8')).toContain('WEIGHTS = [');
    if (black.available) expect(spawnSync('black', ['--check', '-q', script]).status, 'black-clean').toBe(0);
    for (const model of [name, `${name}_graph`]) {
      const result = await runPython([join(root, 'gen', `${model}.py`), '--steps', '20', '--out', join(root, model)]);
      expect(result.status, result.stderr).toBe(0);
    }
    const records = (model: string) => readRecords(join(root, model)).map(({ step_ms: _, ...rest }) => rest);
    const [a, b] = [records(name), records(`${name}_graph`)];
    expect(b.map((record) => Object.keys(record))).toEqual(a.map((record) => Object.keys(record)));
    const weights = (model: string) => new Float32Array(new Uint8Array(savedWeightsBytes(join(root, model))).buffer);
    if (name !== 'xt_tagger') {
      expect(b).toEqual(a);
      expect(savedWeightsBytes(join(root, `${name}_graph`)).equals(savedWeightsBytes(join(root, name)))).toBe(true);
      return;
    }
    a.forEach((record, index) => {
      for (const [key, value] of Object.entries(record)) {
        const other = (b[index] as Record<string, unknown>)[key] as number;
        expect(Math.abs(other - (value as number)), `${key} at ${record.step}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(value as number)));
      }
    });
    const [x, y] = [weights(name), weights(`${name}_graph`)];
    expect(y.length).toBe(x.length);
    expect(Math.max(...Array.from(x, (value, index) => Math.abs(value - y[index])))).toBeLessThan(1e-5);
  });
});
