/**
 * Terminal progress of a study: a line when a run starts and ends (validation error only: test
 * figures are not shown while tuning), and the ETA from the training steps done so far.
 * On a terminal a status line of the running runs is redrawn in place.
 */
import { formatDuration } from './report-markdown.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface RunLabel {
  key: string;
  title: string;
  steps: number;
}

export class StudyProgress {
  private readonly started = Date.now();
  private readonly active = new Map<string, { title: string; step: number; steps: number }>();
  private stepsDone = 0;
  private runsDone = 0;
  private lastDraw = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly totalRuns: number,
    private readonly totalSteps: number,
  ) {}

  private counter(): string {
    const width = String(this.totalRuns).length;
    return `[${String(this.runsDone).padStart(width)}/${this.totalRuns}]`;
  }

  private eta(): string {
    const running = [...this.active.values()].reduce((sum, r) => sum + r.step, 0);
    const done = this.stepsDone + running;
    if (done === 0) return 'ETA unknown';
    const msPerStep = (Date.now() - this.started) / done;
    return `ETA ${formatDuration(msPerStep * Math.max(0, this.totalSteps - done))}`;
  }

  private print(line: string): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[2K');
    this.stream.write(`${line}\n`);
    this.drawStatus(true);
  }

  private drawStatus(force: boolean): void {
    if (!this.stream.isTTY || this.active.size === 0) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 500) return;
    this.lastDraw = now;
    const running = [...this.active.values()].map((r) => `${r.title} step ${r.step}/${r.steps}`).join(' | ');
    this.stream.write(`\r\x1b[2K  ${running} · ${this.eta()}`);
  }

  start(run: RunLabel): void {
    this.active.set(run.key, { title: run.title, step: 0, steps: run.steps });
    this.print(`${this.counter()} start ${run.title}`);
  }

  step(run: RunLabel, step: number): void {
    const entry = this.active.get(run.key);
    if (entry) entry.step = Math.min(step, entry.steps);
    this.drawStatus(false);
  }

  finish(run: RunLabel, summary: string): void {
    this.active.delete(run.key);
    this.stepsDone += run.steps;
    this.runsDone += 1;
    this.print(`${this.counter()} done  ${run.title}: ${summary} · ${this.eta()}`);
  }

  fail(run: RunLabel, message: string): void {
    this.active.delete(run.key);
    this.stepsDone += run.steps;
    this.runsDone += 1;
    this.print(`${this.counter()} FAILED ${run.title}: ${message}`);
  }

  note(line: string): void {
    this.print(line);
  }

  end(): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[2K');
  }
}
