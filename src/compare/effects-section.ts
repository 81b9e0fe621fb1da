/**
 * The report's paired effects: for every two cells of a `--vary` grid one ingredient apart (same
 * values on the other axes), the per-seed differences of test error and how they compare with the
 * noise of seeds and of a finite test set (./paired-effects.ts says how).
 */
import type { ConditionOutcome } from './analyze-study.js';
import { effectPairings, judgeEffect, pairedDifference } from './paired-effects.js';
import type { CellPairing, EffectNoise, PairedDifference } from './paired-effects.js';
import type { StudyResults } from './results-file.js';
import { table } from './markdown-table.js';

export interface Effect {
  pairing: CellPairing;
  reference: ConditionOutcome;
  treated: ConditionOutcome;
  testExamples: number;
  noise: EffectNoise;
}

const pp = (x: number) => (100 * x).toFixed(2);
const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${pp(Math.abs(x))}`;

function testErrorsBySeed(outcome: ConditionOutcome): Map<number, number> {
  return new Map(outcome.runs.filter((r) => r.testError !== undefined).map((r) => [r.seed, r.testError as number]));
}

export function studyEffects(results: StudyResults, outcomes: readonly ConditionOutcome[]): Effect[] {
  const presetAxes = new Set(results.settings.vary.filter((v) => v.field === undefined).map((v) => v.axis));
  const byId = new Map(outcomes.map((o) => [o.condition.id, o]));
  const cells = results.conditions.filter((c) => c.variant).map((c) => ({ id: c.id, names: c.variant?.names ?? {} }));
  const effects: Effect[] = [];
  for (const pairing of effectPairings(cells, presetAxes)) {
    const reference = byId.get(pairing.referenceId);
    const treated = byId.get(pairing.treatedId);
    if (!reference || !treated) continue;
    const difference = pairedDifference(testErrorsBySeed(reference), testErrorsBySeed(treated));
    if (!difference) continue;
    const testExamples = treated.condition.points[treated.chosenPoint].ir.data.test;
    effects.push({ pairing, reference, treated, testExamples, noise: judgeEffect(difference, testExamples) });
  }
  return effects;
}

const givenText = (given: Record<string, string>) => Object.values(given).join(' · ') || 'all';

export function effectsSection(results: StudyResults, outcomes: readonly ConditionOutcome[]): string[] {
  const effects = studyEffects(results, outcomes);
  if (effects.length === 0) return [];
  const groups = new Map<string, Effect[]>();
  for (const effect of effects) groups.set(givenText(effect.pairing.given), [...(groups.get(givenText(effect.pairing.given)) ?? []), effect]);
  const lines = [
    '## Paired effects',
    '',
    'Runs with the same seed share the initialization, batch order and dropout masks, so an ingredient\'s effect is read from the ' +
      'per-seed differences of test error, treated − reference (negative: the ingredient lowered the error), each condition at its ' +
      'own tuned learning rate. The interval is Student\'s t 95 % over seeds. The test set is fixed, so seeds do not measure its ' +
      'sampling noise: the binomial standard error of one error rate p on N test images is √(p(1 − p)/N), and √2 times that bounds ' +
      'the standard error of a difference (an overestimate: both rates are measured on the same images). **Resolved**: the interval ' +
      'excludes 0 and |Δ| exceeds twice that bound; **consistent across seeds, within test-set noise**: the interval excludes 0 but ' +
      '|Δ| does not; **within the noise**: the interval contains 0.',
  ];
  for (const [given, group] of groups) {
    const rows = group.map((e) => {
      const d = e.noise.difference;
      return [
        e.pairing.label,
        `${e.reference.condition.label} → ${e.treated.condition.label}`,
        signed(d.mean),
        d.pairs.map((p) => signed(p.difference)).join(', '),
        d.interval ? `[${signed(d.interval[0])}, ${signed(d.interval[1])}]` : 'n/a (one seed)',
        `${pp(e.noise.binomialSE)} (N = ${e.testExamples})`,
        e.noise.verdict === 'resolved' ? '**resolved**' : e.noise.verdict,
      ];
    });
    lines.push(
      '',
      `### ${given}`,
      '',
      ...table(['effect', 'reference → treated', 'Δ test error (pp)', 'per seed (pp)', '95 % interval (pp)', 'binomial SE (pp)', 'verdict'], rows),
    );
  }
  return lines;
}

/**
 * A language-model study's paired effects: the per-seed differences of final validation loss. There is
 * no test split, so no binomial test-set term: the verdict is the Student-t interval's alone.
 */
export interface LossEffect {
  pairing: CellPairing;
  reference: ConditionOutcome;
  treated: ConditionOutcome;
  difference: PairedDifference;
}

function finalLossesBySeed(outcome: ConditionOutcome): Map<number, number> {
  return new Map(
    outcome.runs.filter((r) => r.metrics.finalValidationError !== undefined).map((r) => [r.seed, r.metrics.finalValidationError as number]),
  );
}

export function studyLossEffects(results: StudyResults, outcomes: readonly ConditionOutcome[]): LossEffect[] {
  const presetAxes = new Set(results.settings.vary.filter((v) => v.field === undefined).map((v) => v.axis));
  const byId = new Map(outcomes.map((o) => [o.condition.id, o]));
  const cells = results.conditions.filter((c) => c.variant).map((c) => ({ id: c.id, names: c.variant?.names ?? {} }));
  const effects: LossEffect[] = [];
  for (const pairing of effectPairings(cells, presetAxes)) {
    const reference = byId.get(pairing.referenceId);
    const treated = byId.get(pairing.treatedId);
    if (!reference || !treated) continue;
    const difference = pairedDifference(finalLossesBySeed(reference), finalLossesBySeed(treated));
    if (difference) effects.push({ pairing, reference, treated, difference });
  }
  return effects;
}

const loss4 = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(4)}`;

export function lossVerdict(difference: PairedDifference): string {
  const interval = difference.interval;
  if (!interval) return 'n/a (one seed)';
  return interval[0] > 0 || interval[1] < 0 ? '**consistent across seeds**' : 'within the seed noise';
}

export function lossEffectsSection(results: StudyResults, outcomes: readonly ConditionOutcome[], evalWindows: string): string[] {
  const effects = studyLossEffects(results, outcomes);
  if (effects.length === 0) return [];
  const groups = new Map<string, LossEffect[]>();
  for (const effect of effects) groups.set(givenText(effect.pairing.given), [...(groups.get(givenText(effect.pairing.given)) ?? []), effect]);
  const lines = [
    '## Paired effects',
    '',
    'Runs with the same seed share the initialization, batch order and dropout masks, so an ingredient\'s effect is read from the ' +
      'per-seed differences of final validation loss (nats per token), treated − reference (negative: the ingredient lowered the ' +
      'loss), each condition at its own tuned learning rate. The interval is Student\'s t 95 % over seeds; **consistent across ' +
      'seeds**: it excludes 0; **within the seed noise**: it contains 0.',
    '',
    `A language model has no test split, and every run is scored on the same validation windows (${evalWindows}, drawn from the ` +
      'spec\'s own seed, not the run\'s): the seeds vary the training, never the text it is measured on. The interval is therefore ' +
      'the seed-to-seed noise only; the sampling noise of the validation text is not in it, so a difference consistent across ' +
      'seeds is a property of these windows, and the learning rates were chosen on the same windows (an optimistic choice for ' +
      'every condition alike). Unlike a test error there is no binomial bound to add: the windows may overlap and neighbouring ' +
      'tokens are not independent.',
  ];
  for (const [given, group] of groups) {
    const rows = group.map((e) => {
      const d = e.difference;
      return [
        e.pairing.label,
        `${e.reference.condition.label} → ${e.treated.condition.label}`,
        loss4(d.mean),
        d.pairs.map((p) => loss4(p.difference)).join(', '),
        d.interval ? `[${loss4(d.interval[0])}, ${loss4(d.interval[1])}]` : 'n/a (one seed)',
        lossVerdict(d),
      ];
    });
    lines.push('', `### ${given}`, '', ...table(['effect', 'reference → treated', 'Δ val. loss', 'per seed', '95 % interval', 'verdict'], rows));
  }
  return lines;
}
