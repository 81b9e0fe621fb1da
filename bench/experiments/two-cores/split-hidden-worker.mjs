/**
 * A hidden-unit-split worker (tensor parallelism, Megatron-style, for a one-hidden-layer MLP):
 * worker k owns hidden units [k*H/N, (k+1)*H/N): its columns of the first kernel, its slice of the
 * first bias and its rows of the output kernel, and runs the FULL batch through them. The only
 * exchange per step is the [batch, classes] partial logits (5 KB for the seed, against 3.2 MB of
 * gradients in data parallelism); every other gradient and update is local to its owner. The
 * output bias is updated identically on every worker. Partial logits are double-buffered by step
 * parity, so one barrier per step suffices.
 */
import { workerData, parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { awaitBarrier } from './barrier.mjs';
import { threadCpuMs } from './thread-cpu.mjs';
import { sumOfSquares } from './sum-of-squares.mjs';

const { rank, workers, sizes, batch, steps, warmup, dropout, learningRate, l2, partialBuffers, barrier } = workerData;
if (sizes.length !== 3) throw new Error('split-hidden worker: one hidden layer only');
await tf.setBackend('wasm');
await tf.ready();

const [inputs, hidden, classes] = sizes;
const mine = hidden / workers;
// the full layer's initial weights, drawn the same on every worker; each keeps its slice
const w1 = tf.variable(tf.randomNormal([inputs, hidden], 0, Math.sqrt(2 / inputs), 'float32', 17).slice([0, rank * mine], [inputs, mine]), false);
const b1 = tf.variable(tf.zeros([mine]), false);
const w2 = tf.variable(tf.randomNormal([hidden, classes], 0, Math.sqrt(2 / hidden), 'float32', 18).slice([rank * mine, 0], [mine, classes]), false);
const b2 = tf.variable(tf.zeros([classes]), false);
const params = [w1, b1, w2, b2];
const x = tf.randomUniform([batch, inputs], 0, 1, 'float32', 100);
const oneHot = tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 200), classes).toFloat();
const partials = partialBuffers.map((pair) => pair.map((b) => new Float32Array(b)));
const backend = tf.backend();

const samples = [];
const phases = { forward: [], wait: [], rest: [] };
const tensorsBefore = tf.memory().numTensors;
let cpuAtWarmupEnd;
for (let step = 0; step < warmup + steps; step++) {
  if (step === warmup) cpuAtWarmupEnd = threadCpuMs();
  awaitBarrier(barrier, workers);
  const start = performance.now();
  const marks = [start];
  const slot = step % 2;
  const next = tf.tidy(() => {
    const z = tf.add(tf.matMul(x, w1), b1);
    const keep = dropout > 0
      ? tf.div(tf.cast(tf.greaterEqual(tf.randomUniform(z.shape, 0, 1, 'float32', step * workers + rank), dropout), 'float32'), 1 - dropout)
      : tf.onesLike(z);
    const h = tf.mul(tf.relu(z), keep);
    const partial = tf.matMul(h, w2);
    let logits;
    if (workers === 1) logits = tf.add(partial, b2);
    else {
      partials[rank][slot].set(backend.typedArrayFromHeap(partial));
      marks.push(performance.now());
      awaitBarrier(barrier, workers);
      marks.push(performance.now());
      logits = b2;
      for (let r = 0; r < workers; r++) logits = tf.add(logits, r === rank ? partial : tf.tensor(partials[r][slot], [batch, classes]));
    }
    const dLogits = tf.div(tf.sub(tf.softmax(logits), oneHot), batch);
    const dW2 = tf.matMul(tf.transpose(h), dLogits);
    const dB2 = tf.sum(dLogits, 0);
    const dH = tf.mul(tf.mul(tf.matMul(dLogits, tf.transpose(w2)), keep), tf.step(z));
    const dW1 = tf.matMul(tf.transpose(x), dH); // a real loop has a new batch each step
    const dB1 = tf.sum(dH, 0);
    const grads = [dW1, dB1, dW2, dB2];
    return params.map((p, i) => tf.sub(p, tf.mul(learningRate, tf.add(grads[i], tf.mul(2 * l2, p)))));
  });
  params.forEach((p, i) => p.assign(next[i]));
  tf.dispose(next);
  backend.readSync(w1.dataId, 0, 1);
  const elapsed = performance.now() - start;
  if (step >= warmup) {
    samples.push(elapsed);
    if (workers > 1) {
      phases.forward.push(marks[1] - marks[0]);
      phases.wait.push(marks[2] - marks[1]);
      phases.rest.push(start + elapsed - marks[2]);
    }
  }
}
const checksum = tf.tidy(() => [tf.sum(b2).dataSync()[0]]);
// this worker's share of the sum of squares of all weights; the output bias (replicated) counted by rank 0 only
const paramSum = sumOfSquares([w1, b1, w2, ...(rank === 0 ? [b2] : [])]);
const cpuMsPerStep = cpuAtWarmupEnd === undefined ? undefined : (threadCpuMs() - cpuAtWarmupEnd) / steps;
parentPort.postMessage({ rank, samples, phases, cpuMsPerStep, checksum, paramSum, tensorGrowth: tf.memory().numTensors - tensorsBefore });
