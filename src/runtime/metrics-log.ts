/** metrics.jsonl: one JSON record per logged step, written as it happens so a crash keeps the curve. */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { replaceFile } from './replace-file.js';

export interface MetricsRecord {
  step: number;
  data_loss?: number;
  reg_penalty?: number;
  total_loss?: number;
  val_loss?: number;
  val_accuracy?: number;
  /** Instead of val_accuracy for multi-label targets (value-metrics.ts). */
  val_binary_accuracy?: number;
  /** Instead of val_accuracy for real-valued targets: mean absolute error. */
  val_mae?: number;
  /** The learning rate of this step's update (a reduce_on_plateau schedule's). */
  learning_rate?: number;
  /** Median milliseconds per training step since the previous record. */
  step_ms?: number;
  /**
   * Constraint activity since the previous record: per parameter with max-norm, the fraction of its
   * units rescaled per update (0 means the constraint did nothing).
   */
  max_norm_rescaled?: Record<string, number>;
  test_loss?: number;
  test_accuracy?: number;
  test_binary_accuracy?: number;
  test_mae?: number;
  /** Early stopping's record, before the test record: the best evaluation's step and value, where it stopped. */
  best_step?: number | null;
  best_val_loss?: number | null;
  best_val_accuracy?: number | null;
  best_val_binary_accuracy?: number | null;
  best_val_mae?: number | null;
  stopped_at?: number;
}

/** A field of each logging point's record beyond the losses, counted by the model's code (max_norm_rescaled). */
export interface LoggedMetric {
  /** The value over the `steps` updates since the previous record; resets what it counted. */
  read(steps: number): number | Record<string, number>;
  /** Counts this thread's units only: a --workers run records it on none (worker 0 would show its share). */
  readonly perThread?: boolean;
  /** What it counted since the last read (a checkpoint's), and that state put back on resume. */
  checkpointState?(): Record<string, number>;
  restoreState?(state: Record<string, number>): void;
}

export class MetricsLog {
  constructor(private readonly file: string) {
    writeFileSync(file, '');
  }

  /** The records so far, as written. */
  text(): string {
    return readFileSync(this.file, 'utf8');
  }

  /** A resumed run's records: the checkpoint's (those written after it go). */
  restore(text: string): void {
    replaceFile(this.file, text);
  }

  append(record: MetricsRecord): void {
    // A diverged loss (NaN, Infinity) is written as null, JSON's only choice.
    appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }
}

export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
