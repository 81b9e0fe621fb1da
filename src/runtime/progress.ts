/**
 * Progress of a training run on stderr: a redrawn bar with the last logged loss and the ETA on a
 * terminal, plain lines (one per logged record) otherwise. Hand-written: a generated script may
 * import only TensorFlow.js and Node built-ins.
 */
import type { MetricsRecord } from './metrics-log.js';

const progressBarWidth = 24;
const redrawIntervalMs = 100;

function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toPrecision(5);
  // max_norm_rescaled: {"hidden.kernel": 0.25} → hidden.kernel=0.25
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k}=${describeValue(v)}`).join(',');
  return String(value);
}

function describeRecord(record: MetricsRecord): string {
  return Object.entries(record)
    .map(([key, value]) => `${key} ${describeValue(value)}`)
    .join('  ');
}

export class TrainingProgress {
  private readonly isTerminal: boolean;
  private readonly startedAt = performance.now();
  private lastDrawnAt = -Infinity;
  private lastLoss: number | undefined;

  constructor(
    private readonly totalSteps: number,
    private readonly quiet: boolean,
  ) {
    this.isTerminal = Boolean(process.stderr.isTTY) && !quiet;
  }

  /** After each training step; redraws at most every 100 ms. */
  stepDone(stepsDone: number): void {
    if (!this.isTerminal) return;
    const now = performance.now();
    if (now - this.lastDrawnAt < redrawIntervalMs && stepsDone < this.totalSteps) return;
    this.lastDrawnAt = now;
    const fraction = this.totalSteps === 0 ? 1 : stepsDone / this.totalSteps;
    const filled = Math.round(fraction * progressBarWidth);
    const elapsed = now - this.startedAt;
    const eta = stepsDone === 0 ? '?' : formatDuration((elapsed / stepsDone) * (this.totalSteps - stepsDone));
    const loss = this.lastLoss === undefined ? '' : `  loss ${this.lastLoss.toPrecision(4)}`;
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(progressBarWidth - filled)}] ${stepsDone}/${this.totalSteps}${loss}  ETA ${eta}\x1b[K`,
    );
  }

  record(record: MetricsRecord): void {
    if (record.total_loss !== undefined) this.lastLoss = record.total_loss;
    if (this.quiet) return;
    process.stderr.write(`${this.isTerminal ? '\r\x1b[K' : ''}${describeRecord(record)}\n`);
  }

  finish(): void {
    if (this.isTerminal) process.stderr.write('\r\x1b[K');
  }
}
