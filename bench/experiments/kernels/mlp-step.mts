// ms per training step of the 784-1024-10 ReLU MLP (batch 128, L2 on every weight and bias, dropout
// 0.5, SGD 0.5) on wasm: explicit layer kernels vs naive autograd, against the peak plain matMul.
// Run: npx tsx bench/experiments/kernels/mlp-step.mts [steps]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { denseBackward, denseForward } from '../../../src/runtime/layers/dense.js';
import { dropoutBackward, dropoutForward } from '../../../src/runtime/layers/dropout.js';
import { softmaxCrossEntropy } from '../../../src/runtime/layers/losses.js';
import { median } from './timing.js';

await tf.setBackend('wasm');
await tf.ready();
const steps = Number(process.argv[2] ?? 30);
const batch = 128;
const l2 = 0.0005; // Keras convention: penalty l2·Σw², gradient 2·l2·w
const learningRate = 0.5;
const flopsPerStep = 3 * 2 * batch * (784 * 1024 + 1024 * 10) - 2 * batch * 784 * 1024; // no dx for layer 1

const features = tf.randomUniform([500, 784], 0, 1, 'float32', 1);
const labels = tf.oneHot(tf.randomUniform([500], 0, 10, 'int32', 2), 10).toFloat();
// The explicit step holds dense kernels units-major ([units, in]) as the dense layer expects; the
// naive autograd step holds them [in, units] for x·W.
const init = (unitsMajor: boolean) => ({
  w1: tf.variable(tf.truncatedNormal(unitsMajor ? [1024, 784] : [784, 1024], 0, 0.05, 'float32', 3)),
  b1: tf.variable(tf.zeros([1024])),
  w2: tf.variable(tf.truncatedNormal(unitsMajor ? [10, 1024] : [1024, 10], 0, 0.05, 'float32', 4)),
  b2: tf.variable(tf.zeros([10])),
});

function batchAt(step: number): [tf.Tensor2D, tf.Tensor2D] {
  const start = (step * batch) % (500 - batch);
  return [tf.slice(features, [start, 0], [batch, 784]) as tf.Tensor2D, tf.slice(labels, [start, 0], [batch, 10]) as tf.Tensor2D];
}

/** SGD with L2 folded in: w ← w·(1 − lr·2·l2) − lr·dw (two elementwise passes instead of four). */
function sgdWithL2(w: tf.Variable, dw: tf.Tensor): void {
  w.assign(tf.sub(tf.mul(w, 1 - learningRate * 2 * l2), tf.mul(dw, learningRate)));
}

const explicit = init(true);
function explicitStep(step: number): number {
  return tf.tidy(() => {
    const [x, y] = batchAt(step);
    const hidden = denseForward(x, explicit.w1 as tf.Tensor2D, explicit.b1 as tf.Tensor1D, 'relu');
    const dropped = dropoutForward(hidden.y, 0.5, 1000 + step);
    const logits = denseForward(dropped.y, explicit.w2 as tf.Tensor2D, explicit.b2 as tf.Tensor1D, 'linear');
    const { loss, dLogits } = softmaxCrossEntropy(logits.y, y);
    const out = denseBackward(dLogits, logits.cache, true);
    const first = denseBackward(dropoutBackward(out.dx as tf.Tensor2D, dropped.cache), hidden.cache, false);
    sgdWithL2(explicit.w2, out.dKernel);
    sgdWithL2(explicit.b2, out.dBias as tf.Tensor);
    sgdWithL2(explicit.w1, first.dKernel);
    sgdWithL2(explicit.b1, first.dBias as tf.Tensor);
    return loss.dataSync()[0];
  });
}

const naive = init(false);
function naiveStep(step: number): number {
  return tf.tidy(() => {
    const [x, y] = batchAt(step);
    const mask = tf.tensor(Float32Array.from({ length: batch * 1024 }, (_, i) => ((i * 2654435761 + step) >>> 31) * 2), [batch, 1024]);
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.mul(tf.relu(tf.add(tf.matMul(x, naive.w1), naive.b1)), mask);
      const z = tf.add(tf.matMul(h, naive.w2), naive.b2);
      return tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar;
    });
    for (const [name, w] of Object.entries(naive)) sgdWithL2(w, grads[w.name] ?? grads[name]);
    return value.dataSync()[0];
  });
}

// The machine is shared: interleave the three measurements so they see the same contention, and
// report both the median and the minimum (the least-disturbed run) of each.
const a = tf.randomNormal([1024, 1024], 0, 1, 'float32', 5);
const b = tf.randomNormal([1024, 1024], 0, 1, 'float32', 6);
// CPU time of this process as well as wall time: on a shared machine the wall clock counts the
// time other processes held the core; wasm runs on one thread, so CPU time is the work done.
const cpuMs: Record<string, number[]> = { peak: [], explicit: [], naive: [] };
const measure = (kind: string, f: () => unknown): number => {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  f();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  cpuMs[kind].push((cpu.user + cpu.system) / 1000);
  return wall;
};
const matMulMs = (): number =>
  measure('peak', () => {
    const product = tf.matMul(a, b);
    product.dataSync();
    product.dispose();
  });
const stepMs = (step: (i: number) => number, i: number): number => measure(step === explicitStep ? 'explicit' : 'naive', () => step(i));
for (let i = 0; i < 5; i++) [matMulMs(), stepMs(explicitStep, i), stepMs(naiveStep, i)];
for (const times of Object.values(cpuMs)) times.length = 0;
const before = tf.memory().numTensors;
const peakMs: number[] = [];
const explicitMs: number[] = [];
const naiveMs: number[] = [];
for (let i = 0; i < steps; i++) {
  peakMs.push(matMulMs());
  explicitMs.push(stepMs(explicitStep, 10 + i));
  if (i % 3 === 0) naiveMs.push(stepMs(naiveStep, 10 + i));
}
const leaked = tf.memory().numTensors - before;
const gflops = (flops: number, ms: number) => flops / (ms * 1e6);
const minimum = (v: number[]) => Math.min(...v);
for (const [label, pick, peakTimes, explicitTimes, naiveTimes] of [
  ['wall median', median, peakMs, explicitMs, naiveMs],
  ['wall min', minimum, peakMs, explicitMs, naiveMs],
  ['CPU median', median, cpuMs.peak, cpuMs.explicit, cpuMs.naive],
] as const) {
  const peak = gflops(2 * 1024 ** 3, pick(peakTimes));
  const explicit = pick(explicitTimes);
  const naive = pick(naiveTimes);
  console.log(
    `${label.padEnd(11)} peak matMul ${peak.toFixed(1)} GFLOP/s | explicit step ${explicit.toFixed(2)} ms = ` +
      `${gflops(flopsPerStep, explicit).toFixed(1)} GFLOP/s = ${((100 * gflops(flopsPerStep, explicit)) / peak).toFixed(0)} % of peak | ` +
      `naive autograd ${naive.toFixed(2)} ms (${(naive / explicit).toFixed(1)}× the explicit step)`,
  );
}
console.log(`${(flopsPerStep / 1e9).toFixed(3)} GFLOP/step; tensors leaked over the run: ${leaked}`);
