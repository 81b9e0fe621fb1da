/**
 * Checkpoints and exact resume of a TensorFlow.js run: everything the next step reads, so that a run
 * killed at any step and resumed ends bit for bit where the uninterrupted run ends: every variable of
 * the parameters (weights, batch-norm moving statistics) and of the optimizer slots (moments,
 * velocities), the batch sampler's epoch and position, the counts of logged metrics not yet logged
 * (max-norm activity) and the metrics records so far. The step count is the loop's (Adam's t, the
 * schedule) and dropout masks are drawn from a seed derived per step, so they need no state.
 *
 * Payload after the header line (checkpoint-file.ts): one line of JSON (names, shapes, sampler,
 * counters, records), then the variables' float32 values in that order, little-endian.
 */
import { statSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { type RunIdentity, bestFile, checkpointPath, readCheckpoint, removeCheckpoint, runIdentity, writeCheckpoint } from './checkpoint-file.js';
import type { EarlyStopping, EarlyStoppingState } from './early-stopping.js';
import type { LoggedMetric } from './metrics-log.js';
import type { ReduceLROnPlateau, ReduceOnPlateauState } from './reduce-on-plateau.js';
import { FlagError, type RunFlags } from './run-flags.js';

interface Manifest {
  variables: { name: string; shape: number[] }[];
  sampler: SamplerState;
  metrics: Record<string, Record<string, number>>;
  log: { records: string; stepsSinceRecord: number };
  earlyStopping?: EarlyStoppingState;
  plateau?: ReduceOnPlateauState;
}

/** Every tf.Variable under `root` (layer → param → variable, or → slot → variable), named by its path. */
function variablesOf(root: object, prefix: string, found: [string, tf.Variable][] = []): [string, tf.Variable][] {
  for (const [key, value] of Object.entries(root)) {
    if (value instanceof tf.Variable) found.push([`${prefix}.${key}`, value]);
    else if (typeof value === 'object' && value !== null) variablesOf(value as object, `${prefix}.${key}`, found);
  }
  return found;
}

/**
 * A --workers thread's share: the rows (units) it owns of every parameter and slot. The checkpoint
 * holds full-size values: gathered to worker 0 to write, sliced by every worker on resume.
 */
export interface UnitShare {
  rank: number;
  workers: number;
  /** Worker 0: the full values of parameter `name` (layer/param) from every worker's rows `own`; others: null. */
  gather(name: string, own: tf.Variable): Float32Array | null;
}

/** `params.hidden.kernel`, `slots.hidden.kernel.firstMoment` → `hidden/kernel`. */
function parameterOf(name: string): string {
  const [, layer, param] = name.split('.');
  return `${layer}/${param}`;
}

/** Rows [start, start + count) of `units` that worker `rank` owns (unitRange of workers/team.ts). */
function ownRows(units: number, share: UnitShare): { start: number; count: number } {
  const start = Math.floor((units * share.rank) / share.workers);
  return { start, count: Math.floor((units * (share.rank + 1)) / share.workers) - start };
}

/** A batch sampler's position: an epoch and position (BatchSampler), windows drawn (WindowSampler). */
type SamplerState = Record<string, number>;

/** What a checkpoint keeps of the batch order. */
export interface CheckpointedSampler {
  checkpointState(): SamplerState;
  restoreState(state: SamplerState): void;
}

/** What a checkpoint keeps of the log: the records written so far (TrainingLog, graph/sequence-log.ts). */
export interface CheckpointedLog {
  /** Whether this thread writes the records (and so the checkpoint). */
  readonly writes: boolean;
  checkpointState(): { records: string; stepsSinceRecord: number };
  restoreState(state: { records: string; stepsSinceRecord: number }): void;
}

export interface CheckpointParts {
  flags: RunFlags;
  scriptUrl: string;
  /** The parameters and the optimizer slots. */
  state: { params: object; slots: unknown };
  share?: UnitShare;
  sampler: CheckpointedSampler;
  log: CheckpointedLog;
  loggedMetrics: Record<string, LoggedMetric>;
  /** Its counters are training state; with restoreBest its best weights (`fullParams`) go to best.ckpt. */
  earlyStopping?: EarlyStopping;
  /** A reduce_on_plateau schedule: its rate and counters are training state. */
  plateau?: ReduceLROnPlateau;
  /** The full weights (worker 0's gathered copy under --workers): what best.ckpt keeps. */
  fullParams: object;
}

/**
 * A variable's float32 values, read once: dataSync already returns a copy of the backend's memory
 * (wasm, node) or its immutable values (cpu), so no second copy is made of a float32 variable.
 */
function valuesOf(variable: tf.Variable): Float32Array {
  const values = variable.dataSync();
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/** The bytes of `values` as they are in memory (little-endian on every platform tfjs runs on), without a copy. */
function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/** `n` float32 values at `offset` of `data`, little-endian, into a new (aligned) array. */
function readValues(data: Uint8Array, offset: number, n: number): Float32Array {
  const values = new Float32Array(n);
  if (littleEndian) {
    new Uint8Array(values.buffer).set(data.subarray(offset, offset + 4 * n));
  } else {
    const view = new DataView(data.buffer, data.byteOffset + offset, 4 * n);
    for (let i = 0; i < n; i++) values[i] = view.getFloat32(4 * i, true);
  }
  return values;
}


/** Weights as a payload: one line of JSON (names, shapes), then their float32 values, little-endian. */
function weightsPayload(variables: [string, tf.Variable][]): Uint8Array[] {
  const names = variables.map(([name, variable]) => ({ name, shape: variable.shape }));
  return [Buffer.from(`${JSON.stringify({ variables: names })}\n`, 'utf8'), ...variables.map(([, variable]) => bytesOf(valuesOf(variable)))];
}

export class TrainingCheckpoint {
  private readonly identity: RunIdentity;
  private readonly every: number;
  /** MLPC_REPORT_CHECKPOINTS=1 (`node bench/run.mjs --only checkpoints`): a line per state checkpoint written. */
  private readonly report = process.env.MLPC_REPORT_CHECKPOINTS === '1';
  /** Created just before the first step: the start of training for the report's elapsed_ms. */
  private readonly created = performance.now();

  constructor(private readonly parts: CheckpointParts) {
    const { flags } = parts;
    this.identity = runIdentity(flags, parts.scriptUrl);
    this.every = flags.checkpointEvery ?? flags.evalEvery;
  }

  private variables(): [string, tf.Variable][] {
    const { params, slots } = this.parts.state;
    return [...variablesOf(params, 'params'), ...(typeof slots === 'object' && slots !== null ? variablesOf(slots, 'slots') : [])];
  }

  /** The first step to run: 0 for a new run (which drops an old checkpoint in --out), the step after the checkpoint's on --resume. */
  restore(): number {
    const { flags } = this.parts;
    if (!flags.resume) {
      if (this.parts.log.writes) removeCheckpoint(flags.out);
      return 0;
    }
    const found = readCheckpoint(flags.out, this.identity);
    if (found === null) throw new FlagError(`--resume: no checkpoint in ${checkpointPath(flags.out).replace(/[/\\]state\.ckpt$/, '')}`);
    const newline = found.payload.indexOf(10);
    const manifest = JSON.parse(found.payload.subarray(0, newline).toString('utf8')) as Manifest;
    const data = found.payload.subarray(newline + 1);
    const byName = new Map(this.variables());
    let offset = 0;
    const share = this.parts.share;
    for (const { name, shape } of manifest.variables) {
      const variable = byName.get(name);
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      const rows = share === undefined ? { start: 0, count: shape[0] } : ownRows(shape[0], share);
      const ownShape = shape.length === 0 ? [] : [rows.count, ...shape.slice(1)];
      if (variable === undefined || variable.shape.join() !== ownShape.join()) {
        throw new FlagError(`${checkpointPath(flags.out)}: ${name} [${shape.join(', ')}] does not fit this model`);
      }
      const values = readValues(data, offset, size);
      offset += 4 * size;
      const perRow = shape.length === 0 ? 1 : size / shape[0];
      const own = shape.length === 0 ? values : values.subarray(rows.start * perRow, (rows.start + rows.count) * perRow);
      tf.tidy(() => variable.assign(tf.tensor(own, ownShape, variable.dtype)));
    }
    this.parts.sampler.restoreState(manifest.sampler);
    for (const [field, metric] of Object.entries(this.parts.loggedMetrics)) metric.restoreState?.(manifest.metrics[field] ?? {});
    this.parts.log.restoreState(manifest.log);
    if (manifest.earlyStopping !== undefined) this.parts.earlyStopping?.restoreState(manifest.earlyStopping);
    if (manifest.plateau !== undefined) this.parts.plateau?.restoreState(manifest.plateau);
    // A run that had stopped early has nothing left to train.
    return this.parts.earlyStopping?.stopped ? flags.steps : found.step + 1;
  }

  /** restore_best: the best evaluation's weights (best.ckpt) into the full weights, before the test record and the save. */
  restoreBest(): void {
    const early = this.parts.earlyStopping;
    if (early === undefined || early.bestStep === null || !this.parts.log.writes) return;
    const { out } = this.parts.flags;
    const found = readCheckpoint(out, this.identity, bestFile);
    if (found === null || found.step !== early.bestStep) {
      throw new FlagError(`${checkpointPath(out, bestFile)}: the best weights of step ${early.bestStep} are missing (${found === null ? 'none' : `step ${found.step}`} there)`);
    }
    const newline = found.payload.indexOf(10);
    const { variables } = JSON.parse(found.payload.subarray(0, newline).toString('utf8')) as { variables: { name: string; shape: number[] }[] };
    const byName = new Map(variablesOf(this.parts.fullParams, 'params'));
    let offset = newline + 1;
    for (const { name, shape } of variables) {
      const variable = byName.get(name);
      if (variable === undefined || variable.shape.join() !== shape.join()) throw new FlagError(`${checkpointPath(out, bestFile)}: ${name} does not fit this model`);
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      const values = readValues(found.payload, offset, size);
      offset += 4 * size;
      tf.tidy(() => variable.assign(tf.tensor(values, shape, variable.dtype)));
    }
  }

  /**
   * After a step's update and record: keeps the best weights when this evaluation was the best (before
   * the state, which then points at them); writes the checkpoint when the step is due (the thread that logs writes).
   */
  stepDone(step: number): void {
    const early = this.parts.earlyStopping;
    if (early?.options.restoreBest && early.bestStep === step && this.parts.log.writes) {
      writeCheckpoint(this.parts.flags.out, this.identity, step, weightsPayload(variablesOf(this.parts.fullParams, 'params')), bestFile);
    }
    if (this.every === 0 || step % this.every !== 0) return;
    const started = performance.now();
    const share = this.parts.share;
    const full = this.variables().map(([name, variable]): [string, tf.Variable, Float32Array | null] => {
      if (share === undefined) return [name, variable, valuesOf(variable)];
      // Every worker takes part in each gather; worker 0 gets the full values.
      return [name, variable, share.gather(parameterOf(name), variable)];
    });
    if (!this.parts.log.writes) return;
    const metrics: Manifest['metrics'] = {};
    for (const [field, metric] of Object.entries(this.parts.loggedMetrics)) {
      const state = metric.checkpointState?.();
      if (state !== undefined) metrics[field] = state;
    }
    const manifest: Manifest = {
      variables: full.map(([name, variable, values]) => {
        const perRow = variable.shape.slice(1).reduce((a, b) => a * b, 1);
        return { name, shape: variable.shape.length === 0 ? [] : [values!.length / perRow, ...variable.shape.slice(1)] };
      }),
      sampler: this.parts.sampler.checkpointState(),
      metrics,
      log: this.parts.log.checkpointState(),
      ...(this.parts.earlyStopping === undefined ? {} : { earlyStopping: this.parts.earlyStopping.checkpointState() }),
      ...(this.parts.plateau === undefined ? {} : { plateau: this.parts.plateau.checkpointState() }),
    };
    // The manifest line, then each variable's values as they are: written one after the other, not concatenated.
    const chunks = full.map(([, , values]) => bytesOf(values!));
    writeCheckpoint(this.parts.flags.out, this.identity, step, [Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8'), ...chunks]);
    if (this.report) {
      const now = performance.now();
      const bytes = statSync(checkpointPath(this.parts.flags.out)).size;
      process.stderr.write(`mlpc-checkpoint ${JSON.stringify({ step, ms: now - started, bytes, elapsed_ms: now - this.created })}\n`);
    }
  }
}
