/**
 * Factorial studies: crossed --vary axes (named presets × a spec field, `only_with`), --tune-seeds and
 * --resume, with the deterministic fake trainer.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/cli/handlers/compare.js';
import type { StudyResults } from '../../src/compare/results-file.js';
import type { TrainFunction } from '../../src/compare/trainer.js';
import { fakeTrainer, learningRateOf } from './fake-trainer.js';

const base = 'test/compare/fixtures/base_mlp.yaml';
const silent = { write: () => true };
const never = () => new AbortController().signal;

async function presetsFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mlpc-presets-'));
  const file = join(dir, 'presets.yaml');
  await writeFile(
    file,
    [
      'regularization:',
      '  strip: [regularization, dropout_layers]',
      '  variants:',
      '    none: {}',
      '    l2: {append: {regularization: [{params: "*.kernel", l2: 0.0005}]}}',
      '    dropout: {dropout: {hidden: 0.5}}',
      '    aware:',
      '      only_with: {data.train: [40]}',
      '      append: {regularization: [{params: "*.kernel", l2: 0.0005, dropout_aware: true}]}',
      '',
    ].join('\n'),
  );
  return file;
}

async function readStudy(out: string): Promise<StudyResults> {
  return JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
}

describe('crossed --vary axes', () => {
  it('crosses preset variants with a spec field, names every cell and honours only_with', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-grid-'));
    const { train } = fakeTrainer();
    const code = await runCompare(
      {
        specs: [base],
        out,
        seeds: 1,
        presets: await presetsFile(),
        vary: ['regularization=none,dropout+l2,dropout+aware', 'data.train=40,80'],
      },
      { train, stderr: silent, signal: never() },
    );
    expect(code).toBe(0);
    const results = await readStudy(out);
    expect(results.conditions.map((c) => [c.id, c.label])).toEqual([
      ['none-train-40', 'none · train=40'],
      ['none-train-80', 'none · train=80'],
      ['dropout-l2-train-40', 'dropout+l2 · train=40'],
      ['dropout-l2-train-80', 'dropout+l2 · train=80'],
      ['dropout-aware-train-40', 'dropout+aware · train=40'],
    ]);
    const cell = results.conditions[3];
    expect(cell.variant?.names).toEqual({ regularization: 'dropout+l2', 'data.train': 'train=80' });
    expect(cell.points[0].ir.data.train).toBe(80);
    expect(cell.variant?.diff).toContain('+data: {source: synthetic, examples: 300, features: 8, classes: 3, train: 80, validation: 50, test: 50}');
    expect(cell.variant?.diff).toContain('+    - {type: dropout, rate: 0.5}\n     - {type: dense, name: out, units: 3}');
    expect(cell.points[0].ir.name).toBe('base_mlp_dropout_l2_train_80');
    const scales = results.conditions[4].points[0].ir.parameters.map((p) => [p.id, p.regularizers[0]?.dropoutAware?.expectedScale]);
    // h2.kernel sits between two dropout layers: E[usage] = (1 − 0.5)·(1 − 0.5).
    expect(scales.filter(([, scale]) => scale !== undefined)).toEqual([['h1.kernel', 0.5], ['h2.kernel', 0.25], ['out.kernel', 0.5]]);
    expect(results.settings.vary[1]).toEqual({ axis: 'data.train', names: ['train=40', 'train=80'], field: { path: ['data', 'train'], values: [40, 80] } });
  });

  it('--from regenerates the report, both plots and their PNGs byte for byte', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-grid-from-'));
    const vary = ['regularization=none,dropout+l2,dropout+aware', 'data.train=40,80'];
    await runCompare({ specs: [base], out, seeds: 2, presets: await presetsFile(), vary }, { train: fakeTrainer().train, stderr: silent, signal: never() });
    const again = await mkdtemp(join(tmpdir(), 'mlpc-grid-again-'));
    expect(await runCompare({ specs: [], from: join(out, 'results.json'), out: again }, { stderr: silent })).toBe(0);
    for (const file of ['report.md', 'curves.svg', 'curves.png', 'test-error.svg', 'test-error.png']) {
      expect((await readFile(join(again, file))).equals(await readFile(join(out, file))), file).toBe(true);
    }
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('![test error against data.train, mean over seeds with min–max band](test-error.svg)');
    expect(report).toContain('| aware instead of l2, with dropout | dropout+l2 · train=40 → dropout+aware · train=40 |');
    expect(report).toContain('L2 0.0005 dropout-aware on all kernels');
  });

  it('rejects a field the spec does not have, with exit code 2', async () => {
    const { train } = fakeTrainer();
    await expect(
      runCompare({ specs: [base], seeds: 1, vary: ['data.nonsense.train=1,2'] }, { train, stderr: silent, signal: never() }),
    ).rejects.toThrow(/--vary data.nonsense.train: .* has no data.nonsense to set it in/);
  });
});

describe('--tune-seeds', () => {
  it('runs the grid on the tuning seeds and only the chosen point on the others', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-tune-seeds-'));
    // Learning rate 0.1 has the lowest validation error on seed 1.
    const { train } = fakeTrainer((ir, seed) => {
      const lr = learningRateOf(ir);
      return { validationError: lr === 0.1 ? 0.02 : 0.05 + 0.001 * seed, testError: 0.03 + 0.001 * seed };
    });
    const written: string[] = [];
    const code = await runCompare(
      { specs: [base], out, seeds: 3, tuneSeeds: 1, tune: ['learning_rate=0.01,0.1,0.5'], jobs: 2 },
      { train, stderr: { write: (text: string) => written.push(text) > 0 }, signal: never() },
    );
    // The progress counts the two runs at the chosen point before the choice is known.
    expect(written.join('')).toContain('1 conditions, 5 runs (3 seeds), 5 to train, 2 at a time');
    expect(written.join('')).toContain('[5/5] done');
    expect(code).toBe(0);
    const results = await readStudy(out);
    expect(results.settings.tuneSeeds).toBe(1);
    const chosen = results.conditions[0].points.findIndex((p) => p.values.learning_rate === 0.1);
    const runs = results.runs.map((r) => `${r.point}/${r.seed}`).sort();
    expect(runs).toEqual(['0/1', '1/1', '2/1', `${chosen}/2`, `${chosen}/3`].sort());
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('each tuned over learning_rate ∈ {0.01, 0.1, 0.5} on seed 1 (the other seeds run only the chosen point): 5 training runs');
  });
});

describe('--resume', () => {
  it('finishes an interrupted study with the same results as an uninterrupted one', async () => {
    const options = { specs: [base], seeds: 3, tune: ['learning_rate=0.01,0.1'], jobs: 1 };
    const whole = await mkdtemp(join(tmpdir(), 'mlpc-whole-'));
    expect(await runCompare({ ...options, out: whole }, { train: fakeTrainer().train, stderr: silent, signal: never() })).toBe(0);

    const parts = await mkdtemp(join(tmpdir(), 'mlpc-parts-'));
    const controller = new AbortController();
    const { train: fake } = fakeTrainer();
    let started = 0;
    const interrupted: TrainFunction = async (ir, trainOptions) => {
      started += 1;
      if (started === 4) {
        controller.abort();
        throw new Error('aborted');
      }
      return fake(ir, trainOptions);
    };
    expect(await runCompare({ ...options, out: parts }, { train: interrupted, stderr: silent, signal: controller.signal })).toBe(130);
    expect((await readStudy(parts)).runs).toHaveLength(3);
    const calls = fakeTrainer();
    expect(await runCompare({ specs: [], resume: parts }, { train: calls.train, stderr: silent, signal: never() })).toBe(0);
    expect(calls.calls).toHaveLength(3);

    const normalize = (r: StudyResults) => ({ ...r, environment: undefined, elapsedMs: undefined, resumed: undefined });
    const resumed = await readStudy(parts);
    expect(resumed.resumed).toBe(1);
    expect(resumed.interrupted).toBeUndefined();
    expect(normalize(resumed)).toEqual(normalize(await readStudy(whole)));
  });

  it('takes no specs and refuses fewer seeds', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-resume-bad-'));
    await runCompare({ specs: [base], seeds: 2, out }, { train: fakeTrainer().train, stderr: silent, signal: never() });
    await expect(runCompare({ specs: [base], resume: out }, { stderr: silent })).rejects.toThrow(/takes no specs/);
    await expect(runCompare({ specs: [], resume: out, seeds: 1 }, { stderr: silent })).rejects.toThrow(/fewer than the study's 2/);
  });
});
