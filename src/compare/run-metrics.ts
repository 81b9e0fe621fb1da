/**
 * What one training run measured, as errors (1 - accuracy). The final validation error and the test
 * error belong to the same weights (those after the last step); the best validation error is the
 * minimum over the logged curve, an optimistic figure shown for reference only.
 */
import type { MetricsRecord } from './trainer.js';

export interface CurvePoint {
  step: number;
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

export function validationMetricsOf(records: readonly MetricsRecord[]): RunMetrics {
  const curve: CurvePoint[] = [];
  for (const record of records) {
    const validationError = errorOf(record.val_accuracy);
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
