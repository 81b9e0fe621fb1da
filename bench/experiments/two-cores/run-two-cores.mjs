/**
 * Child: ms per step of the seed network (784-1024-10, dropout 0.5, L2, SGD, batch 128) trained by
 * `--workers N` worker threads, each on its own tfjs-wasm instance, either
 *   --mode data:   data-parallel, batch/N examples each, gradients all-reduced through shared memory;
 *   --mode split:  hidden units split N ways, full batch each, partial logits exchanged.
 * --workers 1 is the same explicit-backward code on one thread: the baseline.
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { reportResult } from '../../lib/child.mjs';
import { median, summarize } from '../../lib/stats.mjs';
import { createBarrierState } from './barrier.mjs';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    mode: { type: 'string', default: 'data' },
    steps: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '784,1024,10' },
    batch: { type: 'string', default: '128' },
    dropout: { type: 'string', default: '0.5' },
  },
});
const workers = Number(values.workers);
const split = values.mode === 'split';
const sizes = values.sizes.split(',').map(Number);
const batch = Number(values.batch);
if (!split && batch % workers !== 0) throw new Error(`batch ${batch} does not split over ${workers} workers`);
let gradientFloats = 0;
for (let l = 0; l + 1 < sizes.length; l++) gradientFloats += sizes[l] * sizes[l + 1] + sizes[l + 1];
const gradientBuffers = Array.from({ length: workers }, () => new SharedArrayBuffer(gradientFloats * 4));
const classes = sizes.at(-1);
const partialBuffers = Array.from({ length: workers }, () => [0, 1].map(() => new SharedArrayBuffer(batch * classes * 4)));
const barrier = createBarrierState();
const shared = {
  workers, sizes, batch, steps: Number(values.steps), warmup: Number(values.warmup),
  dropout: Number(values.dropout), learningRate: 0.5, l2: 0.0005, gradientBuffers: split ? undefined : gradientBuffers, partialBuffers, barrier,
};
const results = await Promise.all(
  Array.from({ length: workers }, (_, rank) => new Promise((resolve, reject) => {
    const worker = new Worker(new URL(split ? './split-hidden-worker.mjs' : './data-parallel-worker.mjs', import.meta.url), { workerData: { ...shared, rank } });
    worker.once('message', resolve);
    worker.once('error', reject);
  })),
);
const stepMs = results[0].samples.map((_, i) => Math.max(...results.map((r) => r.samples[i])));
const identical = results.every((r) => r.checksum.every((c, i) => c === results[0].checksum[i]));
reportResult({
  mode: values.mode, workers, batch, sizes, shardBatch: split ? batch : batch / workers, gradientMiB: (gradientFloats * 4) / 2 ** 20,
  ms: summarize(stepMs),
  // CPU of each worker thread per step (10 ms ticks over all measured steps): busy time, waiting excluded
  cpuMsPerStepByWorker: results.map((r) => r.cpuMsPerStep),
  phasesMedianMs: workers > 1 ? Object.fromEntries(Object.entries(results[0].phases).map(([k, v]) => [k, median(v)])) : undefined, weightsIdenticalAcrossWorkers: identical,
  // sum of squares of every weight after training: without dropout, equal (to rounding) for any mode and worker count
  paramSum: split ? results.reduce((acc, r) => acc + r.paramSum, 0) : results[0].paramSum,
  tensorGrowth: Math.max(...results.map((r) => r.tensorGrowth)),
});
