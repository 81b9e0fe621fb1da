/**
 * The budget axis: `--vary steps=…` crossed with a preset axis trains each cell at each budget, the
 * report and results.json carry every budget, and the budget's paired effect per condition is the
 * per-seed difference between consecutive budgets (recomputed here from the fake trainer's outcomes).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/cli/handlers/compare.js';
import type { StudyResults } from '../../src/compare/results-file.js';
import { fakeTrainer } from './fake-trainer.js';

const base = 'test/compare/fixtures/base_mlp.yaml';
const silent = { write: () => true };
const never = () => new AbortController().signal;

// Test error falls with the budget for `none` (by 2 pp per seed number), not for `l2`.
const outcome = (name: string, steps: number, seed: number) => {
  const longer = steps > 20 && !name.includes('l2') ? 0.02 * seed : 0;
  return { validationError: 0.1 - longer, testError: (name.includes('l2') ? 0.1 : 0.12) + 0.001 * seed - longer };
};

async function study(vary: string[], extra: { steps?: number } = {}): Promise<{ out: string; results: StudyResults; report: string }> {
  const out = await mkdtemp(join(tmpdir(), 'mlpc-budget-'));
  const { train } = fakeTrainer((ir, seed) => outcome(ir.name, ir.training.steps, seed));
  const code = await runCompare({ specs: [base], out, seeds: 3, vary, ...extra }, { train, stderr: silent, signal: never() });
  expect(code).toBe(0);
  const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
  return { out, results, report: await readFile(join(out, 'report.md'), 'utf8') };
}

describe('--vary steps: a budget axis', () => {
  it('trains each condition at each budget and reports every budget with its paired effect', async () => {
    const { out, results, report } = await study(['steps=20,40', 'regularization=none,l2']);
    expect(results.conditions.map((c) => [c.id, c.points[0].ir.training.steps, c.points[0].ir.training.evalEvery])).toEqual([
      ['steps-20-none', 20, 10],
      ['steps-20-l2', 20, 10],
      ['steps-40-none', 40, 10],
      ['steps-40-l2', 40, 10],
    ]);
    expect(results.settings.vary[0]).toEqual({ axis: 'steps', names: ['steps=20', 'steps=40'], field: { path: ['training', 'steps'], values: [20, 40] } });
    expect(results.runs.filter((r) => r.condition === 'steps-40-none').map((r) => r.records.at(-2)?.step)).toEqual([40, 40, 40]);
    expect(report).toContain('### steps=20');
    expect(report).toContain('### steps=40');
    expect(report).toContain('![test error against steps, mean over seeds with min–max band](test-error.svg)');
    // none: −2, −4, −6 pp per seed (mean −4.00); l2: 0 at every seed.
    expect(report).toContain('## The budget');
    expect(report).toMatch(/\| none \| steps=20 → steps=40 \| −4\.00 \| −2\.00, −4\.00, −6\.00 \| \[−8\.97, \+0\.97\] \| [\d.]+ \(N = 50\) \| within the noise \|/);
    expect(report).toMatch(/\| l2 \| steps=20 → steps=40 \| 0\.00 \| 0\.00, 0\.00, 0\.00 \|/);
    const again = await mkdtemp(join(tmpdir(), 'mlpc-budget-from-'));
    expect(await runCompare({ specs: [], from: join(out, 'results.json'), out: again }, { stderr: silent })).toBe(0);
    expect(await readFile(join(again, 'report.md'), 'utf8')).toBe(report);
  });

  it('a budget in steps replaces one in epochs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mlpc-budget-epochs-'));
    const spec = join(dir, 'epochs.yaml');
    await writeFile(spec, (await readFile(base, 'utf8')).replace('  steps: 20\n', '  epochs: 3\n'));
    const out = join(dir, 'out');
    const code = await runCompare({ specs: [spec], out, seeds: 1, vary: ['training.steps=5,15'] }, { train: fakeTrainer().train, stderr: silent, signal: never() });
    expect(code).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
    expect(results.conditions.map((c) => c.points[0].ir.training.steps)).toEqual([5, 15]);
    expect(results.conditions[0].points[0].specText).not.toContain('epochs');
  });

  it('--steps with a budget axis is an input error (exit 2): one budget or the other', async () => {
    await expect(study(['steps=20,40'], { steps: 30 })).rejects.toThrow(/--steps 30 and a --vary\/--tune axis over training\.steps both set the budget/);
  });
});
