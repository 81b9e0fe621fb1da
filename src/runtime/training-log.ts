/**
 * What a run records, kept out of the training step: metrics.jsonl at each logging point (the losses,
 * validation, the model's logged metrics, the median step time) and the final test evaluation, with
 * the progress line. Worker threads other than worker 0 keep no file and print nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type EvaluationModel, evaluateInBatches } from './evaluate.js';
import type { ExampleTensors } from './example-tensors.js';
import { type LoggedMetric, MetricsLog, type MetricsRecord, medianOf } from './metrics-log.js';
import { TrainingProgress } from './progress.js';
import type { EarlyStopping } from './early-stopping.js';
import type { ReduceLROnPlateau } from './reduce-on-plateau.js';

/** Examples per evaluation batch: large enough to amortize op dispatch, small enough for conv activations. */
const evaluationBatchSize = 500;

export interface TrainingLogOptions {
  /** The run's output folder; null on a worker thread that does not log. */
  out: string | null;
  steps: number;
  workers: number;
  validation: ExampleTensors;
  test: ExampleTensors;
  evaluation: EvaluationModel;
  /** The evaluation metric's name: val_<metric> and test_<metric> in the records. */
  metric: 'accuracy' | 'binary_accuracy' | 'mae';
  loggedMetrics: Record<string, LoggedMetric>;
  /** Fed every record; its `stopped` ends the loop. */
  earlyStopping?: EarlyStopping;
  /** A reduce_on_plateau schedule: its rate in every record, then fed the record. */
  plateau?: ReduceLROnPlateau;
}

export class TrainingLog {
  private readonly metrics: MetricsLog | null;
  private readonly progress: TrainingProgress;
  private readonly reportTensors = process.env.MLPC_REPORT_TENSORS === '1';
  private stepTimes: number[] = [];
  /** Steps since the last record (a resumed run's count starts at its checkpoint's). */
  private stepsSinceRecord = 0;

  constructor(private readonly options: TrainingLogOptions) {
    if (options.out !== null) mkdirSync(options.out, { recursive: true });
    this.metrics = options.out === null ? null : new MetricsLog(join(options.out, 'metrics.jsonl'));
    this.progress = new TrainingProgress(options.steps, options.out === null || process.env.MLPC_QUIET === '1');
  }

  /** Whether early stopping ended training (worker 0's say; the loop shares it with the team). */
  get stopped(): boolean {
    return this.options.earlyStopping?.stopped ?? false;
  }

  /** Whether this thread writes the records (and so evaluates and saves). */
  get writes(): boolean {
    return this.metrics !== null;
  }

  stepTime(milliseconds: number): void {
    this.stepTimes.push(milliseconds);
    this.stepsSinceRecord += 1;
  }

  /** A logging point after `step`: the losses with the weights before its update, then validation. */
  logPoint(step: number, [dataLoss, regPenalty, totalLoss]: number[]): void {
    if (this.metrics !== null) {
      const record: MetricsRecord = { step, data_loss: dataLoss, reg_penalty: regPenalty, total_loss: totalLoss };
      if (this.options.validation.count > 0) {
        const evaluation = evaluateInBatches(this.options.validation, evaluationBatchSize, this.options.evaluation);
        record.val_loss = evaluation.loss;
        record[`val_${this.options.metric}`] = evaluation.accuracy;
      }
      if (this.options.plateau !== undefined) record.learning_rate = this.options.plateau.rate;
      for (const [field, metric] of Object.entries(this.options.loggedMetrics)) {
        const value = metric.read(this.stepsSinceRecord);
        if (this.options.workers === 1 || !metric.perThread) Object.assign(record, { [field]: value });
      }
      record.step_ms = medianOf(this.stepTimes);
      if (this.reportTensors) Object.assign(record, { num_tensors: tf.memory().numTensors });
      this.metrics.append(record);
      this.progress.record(record);
      this.options.earlyStopping?.update(step, record);
      this.options.plateau?.update(step, record);
    }
    this.stepTimes = [];
    this.stepsSinceRecord = 0;
  }

  /** The records written so far (worker 0's) and the steps since the last one. */
  checkpointState(): { records: string; stepsSinceRecord: number } {
    return { records: this.metrics?.text() ?? '', stepsSinceRecord: this.stepsSinceRecord };
  }

  /** A resumed run's records so far: the checkpoint's. */
  restoreState(state: { records: string; stepsSinceRecord: number }): void {
    this.metrics?.restore(state.records);
    this.stepsSinceRecord = state.stepsSinceRecord;
  }

  stepDone(stepsDone: number): void {
    this.progress.stepDone(stepsDone);
  }

  /** The end of training: the test evaluation as the last record; none without a test split (as for validation). */
  finish(): void {
    this.progress.finish();
    if (this.metrics === null) return;
    const early = this.options.earlyStopping;
    if (early !== undefined) this.metrics.append(early.summary(this.options.steps));
    if (this.options.test.count === 0) return;
    const test = evaluateInBatches(this.options.test, evaluationBatchSize, this.options.evaluation);
    const steps = early?.stepsRun(this.options.steps) ?? this.options.steps;
    const record: MetricsRecord = { step: steps, test_loss: test.loss, [`test_${this.options.metric}`]: test.accuracy };
    this.metrics.append(record);
    this.progress.record(record);
  }
}
