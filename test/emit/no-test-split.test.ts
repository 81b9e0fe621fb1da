/**
 * Without a test split (`test: 0`, the default) a run writes no test record in either target, as a run
 * without a validation split writes no val_* fields: never a test_loss of NaN (null in the JSON).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';
import { readMetrics, runPython, torch } from '../pytorch/helpers.js';

const quiet = { ...process.env, MLPC_QUIET: '1' };

function specWithoutTestSplit(root: string): string {
  const text = readFileSync('test/emit/fixtures/tiny_mlp.yaml', 'utf8')
    .replace('name: tiny_mlp', 'name: no_test_split')
    .replace('  validation: 32\n  test: 32\n', '  validation: 0\n');
  expect(text).not.toContain('test: 32');
  const spec = join(root, 'no_test_split.yaml');
  writeFileSync(spec, text);
  return spec;
}

function expectNoTestFields(records: Record<string, unknown>[]): void {
  expect(records.map((record) => record.step)).toEqual([0, 5, 6]);
  for (const record of records) {
    for (const field of ['test_loss', 'test_accuracy', 'val_loss', 'val_accuracy']) expect(record, `${field} at ${String(record.step)}`).not.toHaveProperty(field);
    expect(Number.isFinite(record.data_loss)).toBe(true);
  }
}

it('TensorFlow.js: no test record without a test split', { timeout: 180_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlpc-no-test-'));
  const result = await runMlpc(['train', specWithoutTestSplit(root), '--steps', '7', '--eval-every', '5', '--out', join(root, 'ts')], { env: quiet });
  expect(result.status, result.stderr).toBe(0);
  expectNoTestFields(readMetrics(join(root, 'ts')) as unknown as Record<string, unknown>[]);
});

torch.it('PyTorch: no test record without a test split', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlpc-no-test-py-'));
  const build = await runMlpc(['build', specWithoutTestSplit(root), '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
  expect(build.status, build.stderr).toBe(0);
  const result = await runPython([join(root, 'gen', 'no_test_split.py'), '--steps', '7', '--eval-every', '5', '--out', join(root, 'py')]);
  expect(result.status, result.stderr).toBe(0);
  expectNoTestFields(readMetrics(join(root, 'py')) as unknown as Record<string, unknown>[]);
}, 180_000);
