/**
 * A data-parallel worker: its own tfjs-wasm instance (a worker thread has its own module graph,
 * hence its own engine and wasm heap), its shard of the batch, and the same initial weights as
 * every other worker. After each backward it publishes its flat gradient in shared memory; after a
 * barrier every worker sums all shards and applies the identical update, so the weights stay
 * bit-identical without a second transfer (an all-reduce; equivalent to averaging at a parameter
 * server and broadcasting the weights, with half the copies).
 */
import { workerData, parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { awaitBarrier } from './barrier.mjs';
import { threadCpuMs } from './thread-cpu.mjs';
import { sumOfSquares } from './sum-of-squares.mjs';
import { shardGradients, sgdL2Update } from './mlp-step.mjs';

const { rank, workers, sizes, batch, steps, warmup, dropout, learningRate, l2, gradientBuffers, barrier } = workerData;
await tf.setBackend('wasm');
await tf.ready();

const shard = batch / workers;
const params = [];
for (let l = 0; l + 1 < sizes.length; l++) {
  params.push(tf.variable(tf.randomNormal([sizes[l], sizes[l + 1]], 0, Math.sqrt(2 / sizes[l]), 'float32', 17 + l), false));
  params.push(tf.variable(tf.zeros([sizes[l + 1]]), false));
}
// this worker's rows of the global batch (the same global batch for any number of workers)
const x = tf.randomUniform([batch, sizes[0]], 0, 1, 'float32', 100).slice([rank * shard, 0], [shard, sizes[0]]);
const labels = tf.randomUniform([batch], 0, sizes.at(-1), 'int32', 200).slice([rank * shard], [shard]);
const oneHot = tf.oneHot(labels, sizes.at(-1)).toFloat();
const offsets = [];
let total = 0;
for (const p of params) {
  offsets.push(total);
  total += p.size;
}
const mine = new Float32Array(gradientBuffers[rank]);
const shards = gradientBuffers.map((b) => new Float32Array(b));
const backend = tf.backend();

const samples = [];
/** Per-step phase times (ms) of this worker: gradient compute, publishing, waiting, sum + update. */
const phases = { compute: [], publish: [], wait: [], update: [] };
const tensorsBefore = tf.memory().numTensors;
let cpuAtWarmupEnd;
for (let step = 0; step < warmup + steps; step++) {
  if (step === warmup) cpuAtWarmupEnd = threadCpuMs();
  awaitBarrier(barrier, workers); // start together, so a step's time is the slower worker's
  const start = performance.now();
  const marks = [start];
  const next = tf.tidy(() => {
    const grads = shardGradients(tf, params, x, oneHot, { dropout, globalBatch: batch, seed: step * workers + rank });
    marks.push(performance.now());
    if (workers === 1) return sgdL2Update(tf, params, grads, { learningRate, l2 });
    grads.forEach((g, i) => mine.set(backend.typedArrayFromHeap(g), offsets[i]));
    marks.push(performance.now());
    awaitBarrier(barrier, workers);
    marks.push(performance.now());
    // sum in rank order on every worker (own shard read back from shared memory like the others'),
    // so every worker computes bit-identical sums and hence identical weights
    const summed = params.map((p, i) => {
      let sum = null;
      shards.forEach((s, r) => {
        const part = r === rank ? grads[i] : tf.tensor(s.subarray(offsets[i], offsets[i] + p.size), p.shape);
        sum = sum ? tf.add(sum, part) : part;
      });
      return sum;
    });
    return sgdL2Update(tf, params, summed, { learningRate, l2 });
  });
  params.forEach((p, i) => p.assign(next[i]));
  tf.dispose(next);
  // every worker has read every shard before anyone overwrites its own with the next step's gradient
  if (workers > 1) awaitBarrier(barrier, workers);
  backend.readSync(params[0].dataId, 0, 1); // the step is done when its result is readable
  const elapsed = performance.now() - start;
  if (step >= warmup) {
    samples.push(elapsed);
    if (workers > 1) {
      phases.compute.push(marks[1] - marks[0]);
      phases.publish.push(marks[2] - marks[1]);
      phases.wait.push(marks[3] - marks[2]);
      phases.update.push(start + elapsed - marks[3]);
    }
  }
}
const checksum = tf.tidy(() => params.map((p) => tf.sum(p).dataSync()[0]));
const paramSum = sumOfSquares(params);
const cpuMsPerStep = cpuAtWarmupEnd === undefined ? undefined : (threadCpuMs() - cpuAtWarmupEnd) / steps;
parentPort.postMessage({ rank, samples, phases, cpuMsPerStep, checksum, paramSum, tensorGrowth: tf.memory().numTensors - tensorsBefore });
