/**
 * Early stopping: Keras's EarlyStopping callback counted in evaluations (logging points) instead of
 * epochs, with the same arithmetic as mlpc_runtime/early_stopping.py (docs/checkpoints.md). An
 * evaluation improves when the monitored value beats the best so far by more than minDelta (mode min:
 * value < best − minDelta; max: value > best + minDelta; NaN never improves); training stops at the
 * `patience`-th evaluation in a row without improvement. The best weights are kept by the checkpoint
 * (`<out>/checkpoint/best.ckpt`), so that a resumed run keeps its best.
 */
import type { MetricsRecord } from './metrics-log.js';

export interface EarlyStoppingOptions {
  monitor: 'val_loss' | 'val_accuracy' | 'val_binary_accuracy' | 'val_mae';
  mode: 'min' | 'max';
  patience: number;
  minDelta: number;
  /** End with the best evaluation's weights, before the test record and the saved model. */
  restoreBest: boolean;
}

/** What a checkpoint keeps (JSON: the best is null until the first evaluation). */
export interface EarlyStoppingState {
  best: number | null;
  bestStep: number | null;
  wait: number;
  stoppedAt: number | null;
}

export class EarlyStopping {
  private best: number;
  bestStep: number | null = null;
  private wait = 0;
  stoppedAt: number | null = null;

  constructor(readonly options: EarlyStoppingOptions) {
    this.best = options.mode === 'min' ? Infinity : -Infinity;
  }

  get stopped(): boolean {
    return this.stoppedAt !== null;
  }

  private improves(value: number): boolean {
    const { mode, minDelta } = this.options;
    return mode === 'min' ? value < this.best - minDelta : value > this.best + minDelta;
  }

  /** The evaluation recorded after `step`. */
  update(step: number, record: MetricsRecord): void {
    const value = record[this.options.monitor];
    if (value === undefined) return;
    this.wait += 1;
    if (this.improves(value)) {
      this.best = value;
      this.bestStep = step;
      this.wait = 0;
    } else if (this.wait >= this.options.patience) {
      this.stoppedAt = step;
    }
  }

  /** The steps trained: up to the evaluation that stopped, else all of them. */
  stepsRun(steps: number): number {
    return this.stoppedAt === null ? steps : this.stoppedAt + 1;
  }

  /** The record metrics.jsonl ends with (before the test record). */
  summary(steps: number): MetricsRecord {
    const record: MetricsRecord = { step: this.stepsRun(steps), best_step: this.bestStep };
    record[`best_${this.options.monitor}`] = this.bestStep === null ? null : this.best;
    if (this.stoppedAt !== null) record.stopped_at = this.stoppedAt;
    return record;
  }

  checkpointState(): EarlyStoppingState {
    return { best: this.bestStep === null ? null : this.best, bestStep: this.bestStep, wait: this.wait, stoppedAt: this.stoppedAt };
  }

  restoreState(state: EarlyStoppingState): void {
    if (state.best !== null) this.best = state.best;
    this.bestStep = state.bestStep;
    this.wait = state.wait;
    this.stoppedAt = state.stoppedAt;
  }
}
