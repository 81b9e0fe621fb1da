/**
 * A team of training threads on one machine (`--workers N`): the main thread is worker 0 and starts
 * workers 1..N-1 as worker_threads running this same script, each with its own TensorFlow.js
 * instance. They meet at a barrier over shared memory (Atomics.wait, so no event loop is needed
 * mid-step) and exchange activations, partial gradients and weights through SharedArrayBuffers.
 *
 * Exchanges go through two slots used in turn: a slot is written again only two exchanges later,
 * and every worker has read it before arriving at the exchange in between, so one barrier per
 * exchange suffices.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import type { RunFlags } from '../run-flags.js';

/** Shared memory of a team; created by worker 0, handed to the others as workerData. */
export interface TeamMemory {
  workers: number;
  /** [arrived, generation, aborted]. */
  barrier: Int32Array;
  /** A failed worker's error text (UTF-8, zero-padded): its own stderr would be lost when worker 0 exits. */
  failure: Uint8Array;
  /** Two exchange slots, each one region of regionFloats per worker. */
  slots: Float32Array[];
  regionFloats: number;
  /** One scalar per worker (penalty partial sums). */
  scalars: Float64Array;
  /** Every parameter, full size, by `layer/param`: each worker writes its own units' rows. */
  params: Record<string, Float32Array>;
}

interface TeamWorkerData {
  rank: number;
  flags: RunFlags;
  memory: TeamMemory;
}

const arrivedIndex = 0;
const generationIndex = 1;
const abortedIndex = 2;

/** A parameters object as scripts declare it: layer → param → variable. */
type LayerParams = Record<string, Record<string, tf.Variable>>;

export function paramsByName(params: object): Map<string, tf.Variable> {
  const byName = new Map<string, tf.Variable>();
  for (const [layer, layerParams] of Object.entries(params as LayerParams)) {
    for (const [param, variable] of Object.entries(layerParams)) byName.set(`${layer}/${param}`, variable);
  }
  return byName;
}

/** Units [start, start + count) of `units` that worker `rank` of `workers` owns. */
export function unitRange(units: number, rank: number, workers: number): { start: number; count: number } {
  const start = Math.floor((units * rank) / workers);
  return { start, count: Math.floor((units * (rank + 1)) / workers) - start };
}

/**
 * The error another worker's failure becomes here: its first line is the message; its stack (the
 * failed worker's own) is kept for --debug, never printed as part of the message.
 */
function workerFailure(failedStack: string): Error {
  const [first = 'unknown error', ...frames] = failedStack.split('\n');
  const error = new Error(`a training worker failed: ${first}`);
  error.stack = [`Error: ${error.message}`, ...frames].join('\n');
  return error;
}

export class WorkerTeam {
  private exchanges = 0;

  constructor(
    readonly rank: number,
    readonly flags: RunFlags,
    private readonly memory: TeamMemory,
  ) {}

  get workers(): number {
    return this.memory.workers;
  }

  /** Waits until every worker has arrived; throws when another worker has failed. */
  private barrier(): void {
    const state = this.memory.barrier;
    const generation = Atomics.load(state, generationIndex);
    if (Atomics.add(state, arrivedIndex, 1) === this.workers - 1) {
      Atomics.store(state, arrivedIndex, 0);
      Atomics.add(state, generationIndex, 1);
      Atomics.notify(state, generationIndex);
    } else {
      // The failure flag too: a worker that failed before we read the generation bumped it already.
      while (Atomics.load(state, generationIndex) === generation && Atomics.load(state, abortedIndex) === 0) {
        Atomics.wait(state, generationIndex, generation);
      }
    }
    if (Atomics.load(state, abortedIndex) !== 0) throw workerFailure(new TextDecoder().decode(this.memory.failure.slice()).replace(/\0+$/, ''));
  }

  /** Wakes every waiting worker with the failure flag set. */
  abort(error: unknown): void {
    const text = new TextEncoder().encode(error instanceof Error && error.stack ? error.stack : String(error));
    this.memory.failure.set(text.subarray(0, this.memory.failure.length));
    const state = this.memory.barrier;
    Atomics.store(state, abortedIndex, 1);
    Atomics.add(state, generationIndex, 1);
    Atomics.notify(state, generationIndex);
  }

  /** Publishes `values`, waits for everyone, returns each worker's region (views: read before the next exchange). */
  private exchange(values: Float32Array): Float32Array[] {
    if (values.length > this.memory.regionFloats) throw new Error(`exchange of ${values.length} floats exceeds its ${this.memory.regionFloats}`);
    const slot = this.memory.slots[this.exchanges++ % 2];
    const region = this.memory.regionFloats;
    slot.set(values, this.rank * region);
    this.barrier();
    return Array.from({ length: this.workers }, (_, rank) => slot.subarray(rank * region, (rank + 1) * region));
  }

  /** Every worker's columns of a [batch, units] activation, side by side: the full activation. */
  allGatherColumns(own: tf.Tensor2D, units: number): tf.Tensor2D {
    const batch = own.shape[0];
    const regions = this.exchange(own.dataSync() as Float32Array);
    const parts = regions.map((region, rank) => {
      const { count } = unitRange(units, rank, this.workers);
      // A copy: the CPU backend would keep a view of shared memory that the next exchange overwrites.
      return rank === this.rank ? own : tf.tensor2d(region.slice(0, batch * count), [batch, count]);
    });
    return tf.concat(parts, 1);
  }

  /**
   * This worker's columns (of `units`, split like a layer's units) of the sum over workers of
   * [batch, units] partials: a reduce-scatter, read straight from shared memory, so no worker
   * uploads the columns it does not own.
   */
  sumPartialColumns(own: tf.Tensor2D, units: number): tf.Tensor2D {
    const batch = own.shape[0];
    const { start, count } = unitRange(units, this.rank, this.workers);
    const regions = this.exchange(own.dataSync() as Float32Array);
    const sum = new Float32Array(batch * count);
    for (const region of regions) {
      for (let row = 0; row < batch; row++) {
        const from = row * units + start;
        const to = row * count;
        for (let column = 0; column < count; column++) sum[to + column] += region[from + column];
      }
    }
    return tf.tensor2d(sum, [batch, count]);
  }

  /** The sum over workers of a scalar (penalty partial sums at logging points). */
  sumScalar(own: tf.Scalar): tf.Scalar {
    this.memory.scalars[this.rank] = own.dataSync()[0];
    this.barrier();
    let total = 0;
    for (const value of this.memory.scalars) total += value;
    return tf.scalar(total);
  }

  /**
   * Worker 0 gets the full-size values of `name` (layer/param) from every worker's rows `own` of it (a
   * parameter or an optimizer slot of the same shape), for a checkpoint; the others get null.
   */
  gatherRows(name: string, own: tf.Variable): Float32Array | null {
    const shared = this.memory.params[name];
    const floatsPerUnit = own.shape.slice(1).reduce((a, b) => a * b, 1);
    const { start } = unitRange(shared.length / floatsPerUnit, this.rank, this.workers);
    shared.set(own.dataSync() as Float32Array, start * floatsPerUnit);
    this.barrier();
    const full = this.rank === 0 ? shared.slice() : null;
    // The next gather overwrites the shared rows only once worker 0 has its copy.
    this.barrier();
    return full;
  }

  /** Worker 0's full copy of the parameters gets every worker's units (for evaluation and saving). */
  gatherParams(own: object, full: object | null): void {
    for (const [name, variable] of paramsByName(own)) {
      const shared = this.memory.params[name];
      const floatsPerUnit = variable.shape.slice(1).reduce((a, b) => a * b, 1);
      const { start } = unitRange(shared.length / floatsPerUnit, this.rank, this.workers);
      shared.set(variable.dataSync() as Float32Array, start * floatsPerUnit);
    }
    this.barrier();
    if (full === null) return;
    for (const [name, variable] of paramsByName(full)) {
      tf.tidy(() => variable.assign(tf.tensor(this.memory.params[name].slice(), variable.shape)));
    }
  }
}

/** Widest activation or input of any parameter's layer: kernels are [units, in]. */
function widestLayer(params: Map<string, tf.Variable>): number {
  let widest = 1;
  for (const variable of params.values()) widest = Math.max(widest, ...variable.shape);
  return widest;
}

function sharedFloats(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/**
 * tsx's module-loader API as the script (a .ts file run by tsx) resolves it: its ES module build,
 * which require.resolve cannot name (it resolves the CommonJS one, index.cjs, beside it).
 */
function tsxApiUrl(scriptUrl: string): string {
  return pathToFileURL(createRequire(scriptUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}

/**
 * Worker 0: creates the shared memory and starts workers 1..N-1 on this script. Under tsx (a .ts
 * script) a worker thread does not inherit tsx's loader, so the worker registers it itself.
 */
export function startWorkerTeam(flags: RunFlags, fullParams: object, batchSize: number, scriptUrl: string): WorkerTeam {
  const workers = flags.workers;
  const params = paramsByName(fullParams);
  const regionFloats = batchSize * widestLayer(params);
  const memory: TeamMemory = {
    workers,
    barrier: new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT)),
    failure: new Uint8Array(new SharedArrayBuffer(4096)),
    slots: [sharedFloats(workers * regionFloats), sharedFloats(workers * regionFloats)],
    regionFloats,
    scalars: new Float64Array(new SharedArrayBuffer(workers * Float64Array.BYTES_PER_ELEMENT)),
    params: Object.fromEntries([...params].map(([name, variable]) => [name, sharedFloats(variable.size)])),
  };
  const registerTsx = scriptUrl.endsWith('.ts') ? `import(${JSON.stringify(tsxApiUrl(scriptUrl))}).then((tsx) => tsx.register())` : 'undefined';
  const bootstrap = [
    "const { workerData } = require('node:worker_threads');",
    'Promise.resolve()',
    `  .then(() => ${registerTsx})`,
    `  .then(() => import(${JSON.stringify(scriptUrl)}))`,
    '  .catch((error) => {',
    '    workerData.memory.failure.set(new TextEncoder().encode(String(error && error.stack ? error.stack : error)).subarray(0, 4096));',
    '    const state = workerData.memory.barrier;',
    '    Atomics.store(state, 2, 1);',
    '    Atomics.add(state, 1, 1);',
    '    Atomics.notify(state, 1);',
    '  });',
  ].join('\n');
  for (let rank = 1; rank < workers; rank++) {
    const data: TeamWorkerData = { rank, flags, memory };
    new Worker(bootstrap, { eval: true, workerData: data }).unref();
  }
  return new WorkerTeam(0, flags, memory);
}

/** Whether this thread is one of workers 1..N-1 that worker 0 started on this script. */
export function isTeamWorkerThread(): boolean {
  return !isMainThread && (workerData as Partial<TeamWorkerData> | null)?.memory !== undefined;
}

/** Workers 1..N-1: runs `train` with the team worker 0 set up; a failure wakes the others. */
export async function runAsTeamWorker(train: (team: WorkerTeam) => Promise<void>): Promise<void> {
  const data = workerData as TeamWorkerData;
  const team = new WorkerTeam(data.rank, data.flags, data.memory);
  try {
    await train(team);
  } catch (error) {
    team.abort(error);
  }
}
