/**
 * The reduce_on_plateau learning-rate schedule: Keras's ReduceLROnPlateau callback
 * (keras/src/callbacks/reduce_lr_on_plateau.py) counted in evaluations (logging points) instead of
 * epochs, with the same arithmetic as mlpc_runtime/reduce_on_plateau.py (docs/spec-v1.md). At each
 * evaluation: a cooldown in progress counts down and clears the wait; an improvement (mode min:
 * value < best − minDelta; max: value > best + minDelta; NaN never improves) becomes the best and
 * clears the wait; otherwise, outside a cooldown, the wait counts up, and at `patience` the rate
 * becomes max(rate · factor, minLr) when it is above minLr, starting the cooldown. The new rate applies
 * from the next update on. The loop feeds it every record; the checkpoint keeps its state.
 */
import type { MetricsRecord } from './metrics-log.js';

export interface ReduceOnPlateauOptions {
  initial: number;
  monitor: 'val_loss' | 'val_accuracy' | 'val_binary_accuracy' | 'val_mae';
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  minDelta: number;
  cooldown: number;
  minLr: number;
}

/** What a checkpoint keeps (JSON: the best is null until the first evaluation). */
export interface ReduceOnPlateauState {
  rate: number;
  best: number | null;
  wait: number;
  cooldownCounter: number;
}

export class ReduceLROnPlateau {
  /** The learning rate of the next update. */
  rate: number;
  private best: number;
  private measured = false;
  private wait = 0;
  private cooldownCounter = 0;
  /** The step of the evaluation that last lowered the rate (this run's, not kept by checkpoints). */
  reducedAt: number | null = null;

  constructor(readonly options: ReduceOnPlateauOptions) {
    this.rate = options.initial;
    this.best = options.mode === 'min' ? Infinity : -Infinity;
  }

  private improves(value: number): boolean {
    const { mode, minDelta } = this.options;
    return mode === 'min' ? value < this.best - minDelta : value > this.best + minDelta;
  }

  /** The evaluation recorded after `step` (its update used `rate`); true when it lowered the rate. */
  update(step: number, record: MetricsRecord): boolean {
    const value = record[this.options.monitor];
    if (value === undefined) return false;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(value)) {
      this.best = value;
      this.measured = true;
      this.wait = 0;
      return false;
    }
    if (this.cooldownCounter > 0) return false;
    this.wait += 1;
    if (this.wait < this.options.patience || !(this.rate > this.options.minLr)) return false;
    this.reduce();
    this.cooldownCounter = this.options.cooldown;
    this.wait = 0;
    this.reducedAt = step;
    return true;
  }

  /** The rate's reduction alone: what a worker thread that does not evaluate applies when worker 0 reduced. */
  reduce(): void {
    this.rate = Math.max(this.rate * this.options.factor, this.options.minLr);
  }

  checkpointState(): ReduceOnPlateauState {
    return { rate: this.rate, best: this.measured ? this.best : null, wait: this.wait, cooldownCounter: this.cooldownCounter };
  }

  restoreState(state: ReduceOnPlateauState): void {
    this.rate = state.rate;
    this.measured = state.best !== null;
    if (state.best !== null) this.best = state.best;
    this.wait = state.wait;
    this.cooldownCounter = state.cooldownCounter;
  }
}
