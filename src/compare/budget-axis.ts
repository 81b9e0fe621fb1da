/**
 * The budget axis of a study: `--vary training.steps=600,3000` (or `steps=…`) trains every other
 * cell at each step budget, with its own learning-rate choice per budget, and the report reads each
 * condition at each budget. Beside the ingredients' effects at each budget, the budget's own effect
 * per condition: the per-seed test-error difference between consecutive budgets, judged against
 * the noise as the ingredients' effects are (./paired-effects.ts). The spec's eval_every is kept,
 * so a longer budget's validation curve extends a shorter one's with the same points.
 */
import type { Document } from 'yaml';
import type { ConditionOutcome } from './analyze-study.js';
import { table } from './markdown-table.js';
import { judgeEffect, pairedDifference } from './paired-effects.js';
import type { EffectNoise } from './paired-effects.js';
import type { StudyResults } from './results-file.js';

const budgetPaths = ['training.steps', 'training.epochs'];

/** Whether a field path (of `--vary` or `--tune`) sets the training budget. */
export function isBudgetPath(path: readonly (string | number)[]): boolean {
  return budgetPaths.includes(path.join('.'));
}

/**
 * Sets a spec field as `--vary`/`--tune` do; a budget in steps replaces one in epochs and the other
 * way round, since a spec states one of them.
 */
export function setSpecField(doc: Document, path: readonly (string | number)[], value: unknown): void {
  if (isBudgetPath(path)) {
    const other = path[path.length - 1] === 'steps' ? 'epochs' : 'steps';
    doc.deleteIn(['training', other]);
  }
  doc.setIn(path, value);
}

export interface BudgetEffect {
  /** The other axes' variant names, shared by both cells. */
  given: string;
  reference: ConditionOutcome;
  treated: ConditionOutcome;
  referenceBudget: string;
  treatedBudget: string;
  testExamples: number;
  noise: EffectNoise;
}

function budgetAxis(results: StudyResults): { axis: string; names: string[] } | undefined {
  return results.settings.vary.find((v) => v.field !== undefined && isBudgetPath(v.field.path));
}

const testErrorsBySeed = (outcome: ConditionOutcome) =>
  new Map(outcome.runs.filter((r) => r.testError !== undefined).map((r) => [r.seed, r.testError as number]));

/** Per cell of the other axes, each budget against the next one listed. */
export function budgetEffects(results: StudyResults, outcomes: readonly ConditionOutcome[]): BudgetEffect[] {
  const axis = budgetAxis(results);
  if (!axis) return [];
  const others = (names: Record<string, string>) =>
    Object.entries(names)
      .filter(([a]) => a !== axis.axis)
      .map(([, name]) => name)
      .join(' · ');
  const effects: BudgetEffect[] = [];
  const cells = new Map<string, Map<string, ConditionOutcome>>();
  for (const outcome of outcomes) {
    const names = outcome.condition.variant?.names;
    if (!names || !(axis.axis in names)) continue;
    const given = others(names);
    cells.set(given, (cells.get(given) ?? new Map()).set(names[axis.axis], outcome));
  }
  for (const [given, byBudget] of cells) {
    const listed = axis.names.filter((name) => byBudget.has(name));
    for (let i = 0; i + 1 < listed.length; i++) {
      const reference = byBudget.get(listed[i]) as ConditionOutcome;
      const treated = byBudget.get(listed[i + 1]) as ConditionOutcome;
      const difference = pairedDifference(testErrorsBySeed(reference), testErrorsBySeed(treated));
      if (!difference) continue;
      const testExamples = treated.condition.points[treated.chosenPoint].ir.data.test;
      effects.push({ given, reference, treated, referenceBudget: listed[i], treatedBudget: listed[i + 1], testExamples, noise: judgeEffect(difference, testExamples) });
    }
  }
  return effects;
}

const pp = (x: number) => (100 * x).toFixed(2);
const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${pp(Math.abs(x))}`;

export function budgetSection(results: StudyResults, outcomes: readonly ConditionOutcome[]): string[] {
  const effects = budgetEffects(results, outcomes);
  if (effects.length === 0) return [];
  const rows = effects.map((e) => {
    const d = e.noise.difference;
    const best = (o: ConditionOutcome) => (o.bestValidationError ? pp(o.bestValidationError.mean) : 'n/a');
    return [
      e.given || 'all',
      `${e.referenceBudget} → ${e.treatedBudget}`,
      signed(d.mean),
      d.pairs.map((p) => signed(p.difference)).join(', '),
      d.interval ? `[${signed(d.interval[0])}, ${signed(d.interval[1])}]` : 'n/a (one seed)',
      `${pp(e.noise.binomialSE)} (N = ${e.testExamples})`,
      e.noise.verdict === 'resolved' ? '**resolved**' : e.noise.verdict,
      `${best(e.reference)} → ${best(e.treated)}`,
    ];
  });
  return [
    '## The budget',
    '',
    'Each condition trained longer, at the learning rate its own validation error chose for each budget: the per-seed ' +
      'difference of test error, longer − shorter budget (negative: the longer budget lowered the error), judged as the paired ' +
      'effects above. The best validation error over the logged curve shows whether the shorter run had stopped improving.',
    '',
    ...table(
      ['condition', 'budget', 'Δ test error (pp)', 'per seed (pp)', '95 % interval (pp)', 'binomial SE (pp)', 'verdict', 'best val. error %'],
      rows,
    ),
  ];
}
