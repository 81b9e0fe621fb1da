/**
 * metrics.jsonl of a language model, with the PyTorch target's records (language_model.py's
 * SequenceLog): before the first update {step: 0, val_loss, train_loss}; every eval_every updates and
 * after the last, the last update's batch loss (data_loss, reg_penalty, total_loss), its learning
 * rate, the median step time since the previous record, and val_loss, train_loss over the fixed windows.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MetricsLog, type MetricsRecord, medianOf } from '../metrics-log.js';
import { TrainingProgress } from '../progress.js';

export interface SequenceRecord extends MetricsRecord {
  learning_rate?: number;
  train_loss?: number;
}

export class SequenceLog {
  /** One thread: it writes the records and the checkpoints. */
  readonly writes = true;
  private readonly metrics: MetricsLog;
  private readonly progress: TrainingProgress;
  private stepTimes: number[] = [];

  constructor(
    flags: { out: string; steps: number },
    private readonly splitLoss: (split: 'val' | 'train') => number,
  ) {
    mkdirSync(flags.out, { recursive: true });
    this.metrics = new MetricsLog(join(flags.out, 'metrics.jsonl'));
    this.progress = new TrainingProgress(flags.steps, process.env.MLPC_QUIET === '1');
  }

  stepTime(milliseconds: number): void {
    this.stepTimes.push(milliseconds);
  }

  /** The median step time since the previous record (and a fresh count from here). */
  medianStepMs(): number {
    const median = medianOf(this.stepTimes);
    this.stepTimes = [];
    return median;
  }

  /** Completes the record with the losses over the fixed windows of each split, and writes it. */
  evaluate(record: SequenceRecord): void {
    record.val_loss = this.splitLoss('val');
    record.train_loss = this.splitLoss('train');
    this.metrics.append(record);
    this.progress.record(record);
  }

  /** The records written so far, for a checkpoint (records are made at evaluation points only). */
  checkpointState(): { records: string; stepsSinceRecord: number } {
    return { records: this.metrics.text(), stepsSinceRecord: 0 };
  }

  /** A resumed run's records so far: the checkpoint's. */
  restoreState(state: { records: string; stepsSinceRecord: number }): void {
    this.metrics.restore(state.records);
  }

  stepDone(stepsDone: number): void {
    this.progress.stepDone(stepsDone);
  }

  finish(): void {
    this.progress.finish();
  }
}
