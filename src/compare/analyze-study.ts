/**
 * From results.json to the figures of the report: per condition, the tuned choice (validation only),
 * then the test error, validation errors, steps and wall time of the chosen point's seeds.
 */
import { maxNormActivityOf } from './constraint-activity.js';
import { describeCondition } from './describe-condition.js';
import type { ConditionDescription } from './describe-condition.js';
import { tuningSeeds } from './results-file.js';
import type { Condition, RunResult, StudyResults } from './results-file.js';
import { studyMeasure, testMetricsOf, validationMetricsOf } from './run-metrics.js';
import type { RunMetrics, ValidationMeasure } from './run-metrics.js';
import { choosePoint } from './selection.js';
import type { PointScore } from './selection.js';
import { spreadOf } from './stats.js';
import type { Spread } from './stats.js';
import type { MetricsRecord } from './trainer.js';

export interface SeedRun {
  seed: number;
  metrics: RunMetrics;
  testError?: number;
  wallMs: number;
}

export interface ConditionOutcome {
  condition: Condition;
  description: ConditionDescription;
  chosenPoint: number;
  scores: PointScore[];
  /** The chosen point's runs, in seed order. */
  runs: SeedRun[];
  testError?: Spread;
  finalValidationError?: Spread;
  bestValidationError?: Spread;
  finalSteps: number[];
  wallMs?: Spread;
  /** Wall time of every run of this condition, all grid points. */
  totalWallMs: number;
  /** Per parameter with max-norm: the fraction of unit updates rescaled, over the chosen point's seeds. */
  maxNormRescaled?: Record<string, Spread>;
}

function runsOf(results: StudyResults, condition: Condition): RunResult[] {
  return results.runs.filter((r) => r.condition === condition.id);
}

const defined = (values: (number | undefined)[]): number[] => values.filter((v): v is number => v !== undefined);

/**
 * In a language-model study (`measure` loss) the validation fields hold val_loss and the test error is
 * absent: the choice is still by the final figure (the weights after the last step).
 */
export function analyzeCondition(results: StudyResults, condition: Condition, measure: ValidationMeasure = studyMeasure(results)): ConditionOutcome {
  const seeds = tuningSeeds(results.settings);
  const runs = runsOf(results, condition);
  const outcomes = runs.filter((run) => seeds.includes(run.seed)).map((run) => ({
    point: run.point,
    seed: run.seed,
    finalValidationError: validationMetricsOf(run.records, measure).finalValidationError,
  }));
  const { chosen, scores } = choosePoint(condition.points.length, seeds, outcomes);
  const chosenRecords = runs.filter((r) => r.point === chosen && r.error === undefined).map((r) => r.records);
  const chosenRuns: SeedRun[] = runs
    .filter((r) => r.point === chosen && r.error === undefined)
    .sort((a, b) => a.seed - b.seed)
    .map((run) => ({
      seed: run.seed,
      metrics: validationMetricsOf(run.records, measure),
      testError: measure === 'loss' ? undefined : testMetricsOf(run.records).testError,
      wallMs: run.wallMs,
    }));
  return {
    condition,
    description: describeCondition(condition.points[chosen].ir),
    chosenPoint: chosen,
    scores,
    runs: chosenRuns,
    testError: spreadOf(defined(chosenRuns.map((r) => r.testError))),
    finalValidationError: spreadOf(defined(chosenRuns.map((r) => r.metrics.finalValidationError))),
    bestValidationError: spreadOf(defined(chosenRuns.map((r) => r.metrics.bestValidationError))),
    finalSteps: [...new Set(chosenRuns.map((r) => r.metrics.finalStep))].sort((a, b) => a - b),
    wallMs: spreadOf(chosenRuns.map((r) => r.wallMs)),
    totalWallMs: runs.reduce((sum, r) => sum + r.wallMs, 0),
    ...activityField(chosenRecords),
  };
}

function activityField(recordsOfRuns: MetricsRecord[][]): { maxNormRescaled?: Record<string, Spread> } {
  const perRun = recordsOfRuns.map(maxNormActivityOf).filter((a): a is Record<string, number> => a !== undefined);
  if (perRun.length === 0) return {};
  const ids = [...new Set(perRun.flatMap((a) => Object.keys(a)))];
  return { maxNormRescaled: Object.fromEntries(ids.map((id) => [id, spreadOf(defined(perRun.map((a) => a[id]))) as Spread])) };
}

/**
 * All conditions, sorted by mean test error (conditions without one last, then by label); a
 * language-model study, which has no test split, by mean final validation loss.
 */
export function analyzeStudy(results: StudyResults): ConditionOutcome[] {
  const measure = studyMeasure(results);
  const outcomes = results.conditions.map((c) => analyzeCondition(results, c, measure));
  const key = (o: ConditionOutcome) => (measure === 'loss' ? o.finalValidationError : o.testError)?.mean ?? Number.POSITIVE_INFINITY;
  return outcomes.sort((a, b) => key(a) - key(b) || (a.condition.label < b.condition.label ? -1 : 1));
}

export interface CurveSummary {
  condition: string;
  step: number;
  mean: number;
  min: number;
  max: number;
  seeds: number;
}

/** Validation error (a language model's: loss) per logged step over the chosen point's seeds (steps every seed logged). */
export function meanCurve(outcome: ConditionOutcome): CurveSummary[] {
  const bySteps = new Map<number, number[]>();
  for (const run of outcome.runs) {
    for (const point of run.metrics.curve) bySteps.set(point.step, [...(bySteps.get(point.step) ?? []), point.validationError]);
  }
  const seeds = outcome.runs.length;
  return [...bySteps]
    .filter(([, errors]) => errors.length === seeds)
    .sort(([a], [b]) => a - b)
    .map(([step, errors]) => {
      const spread = spreadOf(errors) as Spread;
      return { condition: outcome.condition.label, step, mean: spread.mean, min: spread.min, max: spread.max, seeds };
    });
}
