import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/cli/handlers/compare.js';
import type { StudyResults } from '../../src/compare/results-file.js';
import { choosePoint } from '../../src/compare/selection.js';
import { parseTuneOption } from '../../src/compare/tune-grid.js';
import { fakeTrainer, learningRateOf } from './fake-trainer.js';

const silent = { write: () => true };
const fixture = 'test/compare/fixtures/tiny_plain.yaml';
const withConstraint = 'test/compare/fixtures/tiny_l2_dropout.yaml';

describe('--tune', () => {
  it('chooses by validation error only: the best-test, worst-validation point is not chosen', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-tune-'));
    // lr 0.01: best test error (1 %) but worst validation error (30 %); lr 0.1: the reverse.
    const { train } = fakeTrainer((ir, seed) => {
      const lr = learningRateOf(ir);
      if (lr === 0.01) return { validationError: 0.3 + seed / 1000, testError: 0.01 };
      if (lr === 0.05) return { validationError: 0.2 + seed / 1000, testError: 0.05 };
      return { validationError: 0.1 + seed / 1000, testError: 0.4 };
    });
    const code = await runCompare(
      { specs: [fixture], out, seeds: 2, tune: ['learning_rate=0.01,0.05,0.1'] },
      { train, stderr: silent, signal: new AbortController().signal },
    );
    expect(code).toBe(0);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
    expect(results.runs).toHaveLength(6);
    const row = report.split('\n').find((l) => l.includes('**tiny_plain**')) as string;
    expect(row).toContain('| 0.1 |');
    expect(row).toContain('40.00 ± 0.00');
    expect(row).not.toContain('1.00');
    // The appendix shows the whole grid with validation figures only.
    expect(report).toContain('| tiny_plain | 0.01 | 30.15 ± 0.07 | 2/2 |  |');
    expect(report).toContain('| tiny_plain | 0.1 | 10.15 ± 0.07 | 2/2 | **chosen** |');
    expect(report).not.toMatch(/\| 1\.00 \|/);
    expect(report).toContain('**At the edge of the grid:** tiny_plain (learning_rate = 0.1, the largest).');
  });

  it('writes the grid value into the spec, so the stored IR is what was trained', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-tune-ir-'));
    const { train } = fakeTrainer();
    await runCompare(
      { specs: [fixture, withConstraint], out, seeds: 1, tune: ['training.optimizer.momentum=0.5,0.9', 'constraints.0.max_norm=1,2'] },
      { train, stderr: silent, signal: new AbortController().signal },
    );
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
    const constrained = results.conditions.find((c) => c.label === 'tiny_l2_dropout')?.points ?? [];
    expect(constrained.map((p) => p.values)).toEqual([
      { 'training.optimizer.momentum': 0.5, 'constraints.0.max_norm': 1 },
      { 'training.optimizer.momentum': 0.5, 'constraints.0.max_norm': 2 },
      { 'training.optimizer.momentum': 0.9, 'constraints.0.max_norm': 1 },
      { 'training.optimizer.momentum': 0.9, 'constraints.0.max_norm': 2 },
    ]);
    expect(constrained.map((p) => p.ir.parameters.find((q) => q.id === 'hidden.kernel')?.constraints[0])).toMatchObject([
      { kind: 'max_norm', maxValue: 1 },
      { kind: 'max_norm', maxValue: 2 },
      { kind: 'max_norm', maxValue: 1 },
      { kind: 'max_norm', maxValue: 2 },
    ]);
    expect(results.runs).toHaveLength(6);
    // tiny_plain has no constraints: only the momentum field applies to it.
    const points = results.conditions.find((c) => c.label === 'tiny_plain')?.points ?? [];
    expect(points.map((p) => p.values)).toEqual([{ 'training.optimizer.momentum': 0.5 }, { 'training.optimizer.momentum': 0.9 }]);
    expect(points.map((p) => (p.ir.training.optimizer.type === 'sgd' ? p.ir.training.optimizer.momentum : -1))).toEqual([0.5, 0.9]);
    expect(points[0].specText).toContain('momentum: 0.5');
  });

  it('prefers a complete grid point and breaks ties by grid order', () => {
    const choice = choosePoint(2, [1, 2], [
      { point: 0, seed: 1, finalValidationError: 0.2 },
      { point: 0, seed: 2, finalValidationError: 0.2 },
      { point: 1, seed: 1, finalValidationError: 0.1 },
      { point: 1, seed: 2 },
    ]);
    expect(choice.chosen).toBe(0);
    expect(choosePoint(2, [1], [{ point: 0, seed: 1, finalValidationError: 0.1 }, { point: 1, seed: 1, finalValidationError: 0.1 }]).chosen).toBe(0);
  });

  it('parses fields, shorthands and YAML scalar values', () => {
    expect(parseTuneOption('learning_rate=0.01,1e-3')).toEqual({
      field: 'learning_rate',
      path: ['training', 'optimizer', 'learning_rate'],
      values: [0.01, 0.001],
    });
    expect(parseTuneOption('regularization.0.l2=0.0001').path).toEqual(['regularization', 0, 'l2']);
    expect(() => parseTuneOption('learning_rate')).toThrow(/expected field=value1,value2/);
    expect(() => parseTuneOption('learning_rate=0.1,,0.2')).toThrow(/not a number/);
    expect(() => parseTuneOption('learning_rate=0.1,0.1')).toThrow(/listed twice/);
  });

  it('rejects a field that applies to no spec as a usage error', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-tune-bad-'));
    const { train } = fakeTrainer();
    await expect(
      runCompare({ specs: [fixture], out, tune: ['model.nothing.here=1,2'] }, { train, stderr: silent, signal: new AbortController().signal }),
    ).rejects.toThrow(/no spec has a model.nothing/);
  });
});
