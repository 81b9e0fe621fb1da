/**
 * A data file the spec names and that is missing: a warning at its spec line in lint, build and the
 * language server (the data may come later), an error at the same line in train (nothing run).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { analyzeDocument } from '../../src/lsp/analysis.js';
import { runMlpc } from '../helpers/run-process.js';

const csvSpec = [
  'mlpc: 1',
  'name: missing_data',
  'data: {source: csv, path: data/train.csv, label: y, classes: 2, train: 40, validation: 10, test: 10}',
  'model:',
  '  input: [3]',
  '  layers:',
  '    - {type: dense, name: out, units: 2}',
  'training:',
  '  loss: softmax_cross_entropy',
  '  optimizer: {type: sgd, learning_rate: 0.1}',
  '  batch_size: 8',
  '  steps: 10',
  '',
].join('\n');
/** data.path's value: line 3, column 27. */
const at = 's.yaml:3:27';

function project(): { dir: string; spec: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mlpc-missing-data-'));
  const spec = join(dir, 's.yaml');
  writeFileSync(spec, csvSpec);
  return { dir, spec };
}

describe('a missing data file', () => {
  it('lint: a warning at the path, exit 0', async () => {
    const { spec } = project();
    const result = await runMlpc(['lint', spec, '--format', 'stylish']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`${at} warning data\\.path: no file data/train\\.csv .*\\[data-file-missing\\]`));
  });

  it('build: the same warning, the files written, exit 0', async () => {
    const { dir, spec } = project();
    const result = await runMlpc(['build', spec, '--out', join(dir, 'gen')]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`${at} warning .*\\[data-file-missing\\]`));
    expect(existsSync(join(dir, 'gen', 'missing_data.ts'))).toBe(true);
  });

  it('train: an error at the same line, exit 2, nothing run', async () => {
    const { dir, spec } = project();
    const result = await runMlpc(['train', spec, '--out', join(dir, 'run')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${at} error data\\.path: no file data/train\\.csv .*\\[data-file-missing\\]`));
    expect(result.stderr).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });

  it('the language server: a warning at the path', async () => {
    const { spec } = project();
    const analysis = await analyzeDocument(pathToFileURL(spec).href, 1, csvSpec, { openConfigs: new Map() });
    const found = analysis.diagnostics.filter((d) => d.code === 'data-file-missing');
    expect(found.map((d) => [d.severity, d.location?.line, d.location?.column])).toEqual([['warning', 3, 27]]);
  });

  it('no warning once the file exists, resolved against the spec folder', () => {
    const { dir, spec } = project();
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'train.csv'), 'a,b,c,y\n');
    expect(compileSpecText(spec, csvSpec).diagnostics.filter((d) => d.code === 'data-file-missing')).toEqual([]);
  });

  it('idx: each missing file at its own key', () => {
    const { dir } = project();
    writeFileSync(join(dir, 'train-labels'), '');
    const text = csvSpec.replace(
      /^data: .*$/m,
      'data:\n  source: idx\n  train_images: train-images\n  train_labels: train-labels\n  test_images: test-images\n  test_labels: /nonexistent/test-labels\n  train: 40\n  validation: 10\n  test: 10',
    ).replace('input: [3]', 'input: [784]').replace('units: 2', 'units: 10');
    const diagnostics = compileSpecText(join(dir, 's.yaml'), text).diagnostics.filter((d) => d.code === 'data-file-missing');
    expect(diagnostics.map((d) => [d.message.split(':')[0], d.location?.line, d.location?.column])).toEqual([
      ['data.train_images', 5, 17],
      ['data.test_images', 7, 16],
      ['data.test_labels', 8, 16],
    ]);
  });
});
