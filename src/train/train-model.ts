/**
 * trainModel(): the programmatic way to train a compiled model (used by `mlpc compare` and the
 * benchmark). Emits and runs the same generated script `mlpc train` runs, in a child process, and
 * reports its metrics records as they are written.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelIR } from '../compiler/ir/types.js';
import type { PreparedRun, ScriptOptions, Target } from '../compiler/build/target.js';
import { targetRegistry } from '../targets/registry.js';
import { runScript } from './run-script.js';
import { InputError } from '../compiler/errors.js';
import type { MetricsRecord } from '../runtime/metrics-log.js';

// One definition of a metrics.jsonl record: the runtime module that writes it.
export type { MetricsRecord };

export interface TrainOptions extends ScriptOptions {
  /** A registered target's name (src/targets/registry.ts); default: the registry's, TypeScript (the TensorFlow.js script under node). */
  target?: string;
  /** PyTorch: processes under torchrun (torch.distributed, DDP); 1 runs plain Python. */
  processes?: number;
  onRecord?: (record: MetricsRecord) => void;
  signal?: AbortSignal;
  quiet?: boolean;
}

export interface TrainResult {
  records: MetricsRecord[];
  outDir: string;
  wallMs: number;
}

/** The generated script failed: exitCode 2 is bad data or flags (message in `message`), others a crash. */
export class TrainRunError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'TrainRunError';
  }
}

const metricsPollMs = 200;

function runTarget(name: string | undefined): Target {
  return name === undefined ? targetRegistry.defaults[0] : targetRegistry.named(name);
}

/** Command-line flags of a generated script for these options (its target's; default typescript). */
export function scriptFlags(options: ScriptOptions & Pick<TrainOptions, 'target'>): string[] {
  return runTarget(options.target).scriptFlags(options);
}

/** Reads complete new lines of metrics.jsonl, remembering how far it got. */
class MetricsFollower {
  private consumed = 0;
  readonly records: MetricsRecord[] = [];

  constructor(
    private readonly file: string,
    private readonly onRecord?: (record: MetricsRecord) => void,
  ) {}

  poll(): void {
    if (!existsSync(this.file)) return;
    const text = readFileSync(this.file, 'utf8');
    if (text.length < this.consumed) this.consumed = 0;
    const end = text.lastIndexOf('\n') + 1;
    if (end <= this.consumed) return;
    for (const line of text.slice(this.consumed, end).split('\n')) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as MetricsRecord;
      this.records.push(record);
      this.onRecord?.(record);
    }
    this.consumed = end;
  }
}

/** The script and the program that runs it, for the model's target; an error at the spec line when it cannot express the model. */
export async function prepareRun(ir: ModelIR, options: Pick<TrainOptions, 'target' | 'processes'>): Promise<PreparedRun> {
  const target = runTarget(options.target);
  const obstacle = (await target.obstacles([ir]))[0];
  if (obstacle) throw new InputError(`${obstacle.location?.file}:${obstacle.location?.line}: ${obstacle.message}`);
  return target.prepareRun(ir, { processes: options.processes });
}

export async function trainModel(ir: ModelIR, options: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  const { scriptPath, command } = await prepareRun(ir, options);
  const metricsFile = join(options.out, 'metrics.jsonl');
  const follower = new MetricsFollower(metricsFile, options.onRecord);
  // Records of an earlier run in the same folder must not be reported as this run's.
  rmSync(metricsFile, { force: true });
  const timer = setInterval(() => follower.poll(), metricsPollMs);
  let run;
  try {
    run = await runScript(scriptPath, scriptFlags(options), {
      command,
      inheritOutput: false,
      forwardStderr: !options.quiet,
      env: { ...process.env, ...(options.quiet ? { MLPC_QUIET: '1' } : {}) },
      signal: options.signal,
    });
  } finally {
    clearInterval(timer);
  }
  if (run.exitCode !== 0) {
    const message = run.stderr.trim().split('\n').slice(-5).join('\n') || `exit code ${run.exitCode}`;
    throw new TrainRunError(`training ${ir.name} failed: ${message}`, run.exitCode, run.stderr);
  }
  follower.poll();
  return { records: follower.records, outDir: options.out, wallMs: performance.now() - started };
}
