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
import * as tf from '@tensorflow/tfjs';
import type { BatchSampler } from './batches.js';
import { type RunIdentity, checkpointPath, readCheckpoint, removeCheckpoint, runIdentity, writeCheckpoint } from './checkpoint-file.js';
import type { LoggedMetric } from './metrics-log.js';
import { FlagError, type RunFlags } from './run-flags.js';
import type { TrainingLog } from './training-log.js';

interface Manifest {
  variables: { name: string; shape: number[] }[];
  sampler: { epoch: number; position: number };
  metrics: Record<string, Record<string, number>>;
  records: string;
}

/** Every tf.Variable under `root` (layer → param → variable, or → slot → variable), named by its path. */
function variablesOf(root: object, prefix: string, found: [string, tf.Variable][] = []): [string, tf.Variable][] {
  for (const [key, value] of Object.entries(root)) {
    if (value instanceof tf.Variable) found.push([`${prefix}.${key}`, value]);
    else if (typeof value === 'object' && value !== null) variablesOf(value as object, `${prefix}.${key}`, found);
  }
  return found;
}

export interface CheckpointParts {
  flags: RunFlags;
  scriptUrl: string;
  /** The parameters and the optimizer slots. */
  state: { params: object; slots: unknown };
  sampler: BatchSampler;
  log: TrainingLog;
  loggedMetrics: Record<string, LoggedMetric>;
}

export class TrainingCheckpoint {
  private readonly identity: RunIdentity;
  private readonly every: number;

  constructor(private readonly parts: CheckpointParts) {
    const { flags } = parts;
    if (flags.workers > 1 && (flags.resume || flags.checkpointEvery !== undefined)) {
      throw new FlagError(`--workers ${flags.workers}: checkpoints are written by one thread only so far (train with --workers 1)`);
    }
    this.identity = runIdentity(flags, parts.scriptUrl);
    // None by default with --workers: each thread holds only its share of the units and slots.
    this.every = flags.checkpointEvery ?? (flags.workers > 1 ? 0 : flags.evalEvery);
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
    for (const { name, shape } of manifest.variables) {
      const variable = byName.get(name);
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      if (variable === undefined || variable.shape.join() !== shape.join()) {
        throw new FlagError(`${checkpointPath(flags.out)}: ${name} [${shape.join(', ')}] does not fit this model`);
      }
      const values = new Float32Array(size);
      for (let i = 0; i < size; i++) values[i] = data.readFloatLE(offset + 4 * i);
      offset += 4 * size;
      tf.tidy(() => variable.assign(tf.tensor(values, shape, variable.dtype)));
    }
    this.parts.sampler.restoreState(manifest.sampler);
    for (const [field, metric] of Object.entries(this.parts.loggedMetrics)) metric.restoreState?.(manifest.metrics[field] ?? {});
    this.parts.log.restoreRecords(manifest.records);
    return found.step + 1;
  }

  /** After a step's update and record: writes the checkpoint when the step is due (the thread that logs writes). */
  stepDone(step: number): void {
    if (this.every === 0 || step % this.every !== 0 || !this.parts.log.writes) return;
    const variables = this.variables();
    const metrics: Manifest['metrics'] = {};
    for (const [field, metric] of Object.entries(this.parts.loggedMetrics)) {
      const state = metric.checkpointState?.();
      if (state !== undefined) metrics[field] = state;
    }
    const manifest: Manifest = {
      variables: variables.map(([name, variable]) => ({ name, shape: [...variable.shape] })),
      sampler: this.parts.sampler.checkpointState(),
      metrics,
      records: this.parts.log.recordsText(),
    };
    const chunks = variables.map(([, variable]) => {
      const values = Float32Array.from(variable.dataSync());
      return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    });
    writeCheckpoint(this.parts.flags.out, this.identity, step, Buffer.concat([Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8'), ...chunks]));
  }
}
