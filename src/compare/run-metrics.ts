/**
 * What one training run measured, as errors (1 - accuracy). The final validation error and the test
 * error belong to the same weights (those after the last step); the best validation error is the
 * minimum over the logged curve, an optimistic figure shown for reference only.
 *
 * A language-model study (every spec on `source: text` or `tokens` data: no accuracy, no test split)
 * measures the validation loss instead: the same fields then hold val_loss (mean cross-entropy per
 * token, nats) and there is no test figure. studyMeasure() says which a study uses.
 */
import type { MetricsRecord } from './trainer.js';
import type { StudyResults } from './results-file.js';

/** `error`: 1 − val_accuracy (classifiers); `loss`: val_loss (language models). */
export type ValidationMeasure = 'error' | 'loss';

/** `loss` when every condition is a language model (text or token-id data, which has no test split). */
export function studyMeasure(results: Pick<StudyResults, 'conditions'>): ValidationMeasure {
  const sources = results.conditions.flatMap((c) => c.points.map((p) => p.ir.data.source));
  return sources.length > 0 && sources.every((s) => s === 'text' || s === 'tokens') ? 'loss' : 'error';
}

export interface CurvePoint {
  step: number;
  /** The validation error, or in a language-model study the validation loss. */
  validationError: number;
}

export interface RunMetrics {
  finalStep: number;
  curve: CurvePoint[];
  finalValidationError?: number;
  bestValidationError?: number;
  bestValidationStep?: number;
}

/** Kept apart from RunMetrics so that code choosing among runs cannot read it by accident. */
export interface RunTestMetrics {
  testError?: number;
}

function errorOf(accuracy: number | null | undefined): number | undefined {
  return typeof accuracy === 'number' && Number.isFinite(accuracy) ? 1 - accuracy : undefined;
}

const lossOf = (loss: number | null | undefined): number | undefined => (typeof loss === 'number' && Number.isFinite(loss) ? loss : undefined);

export function validationMetricsOf(records: readonly MetricsRecord[], measure: ValidationMeasure = 'error'): RunMetrics {
  const curve: CurvePoint[] = [];
  for (const record of records) {
    const validationError = measure === 'loss' ? lossOf(record.val_loss) : errorOf(record.val_accuracy);
    if (validationError !== undefined) curve.push({ step: record.step, validationError });
  }
  const finalStep = records.reduce((last, r) => Math.max(last, r.step), 0);
  let best: CurvePoint | undefined;
  for (const point of curve) if (best === undefined || point.validationError < best.validationError) best = point;
  return {
    finalStep,
    curve,
    finalValidationError: curve.at(-1)?.validationError,
    bestValidationError: best?.validationError,
    bestValidationStep: best?.step,
  };
}

export function testMetricsOf(records: readonly MetricsRecord[]): RunTestMetrics {
  for (let i = records.length - 1; i >= 0; i--) {
    const testError = errorOf(records[i].test_accuracy);
    if (testError !== undefined) return { testError };
  }
  return {};
}
