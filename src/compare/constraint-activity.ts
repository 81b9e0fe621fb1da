/**
 * What max-norm did in a run, from the `max_norm_rescaled` fractions of metrics.jsonl: per parameter,
 * the fraction of unit updates that were rescaled over the whole run (each record covers the steps
 * since the previous one). A constraint at 0 everywhere never bound: the run trained exactly as it
 * would have without it.
 */
import type { MetricsRecord } from './trainer.js';

/** Parameter id → fraction of its unit updates rescaled over the run; undefined when nothing was recorded. */
export function maxNormActivityOf(records: readonly MetricsRecord[]): Record<string, number> | undefined {
  const rescaled = new Map<string, number>();
  let steps = 0;
  let previous = -1;
  for (const record of records) {
    if (!record.max_norm_rescaled) continue;
    const covered = record.step - previous;
    previous = record.step;
    steps += covered;
    for (const [id, fraction] of Object.entries(record.max_norm_rescaled)) rescaled.set(id, (rescaled.get(id) ?? 0) + fraction * covered);
  }
  if (steps === 0) return undefined;
  return Object.fromEntries([...rescaled].map(([id, sum]) => [id, sum / steps]));
}

/** A fraction as the report writes it: "0" only for exactly zero, so a rare rescaling stays visible. */
export function activityText(fraction: number): string {
  if (fraction === 0) return '0 (never)';
  if (fraction < 0.0001) return '< 0.01 %';
  return `${(100 * fraction).toFixed(2)} %`;
}
