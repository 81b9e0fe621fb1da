// The small conv net of the tfjs-wasm notes (conv8 5×5, pool, BN, conv16 3×3, pool, dropout, dense10,
// batch 64) on wasm: ms per training step with the explicit layer kernels (interleaved with a peak
// matMul so both see the same contention on a shared machine), and each replacement kernel against
// the tfjs kernel it avoids, at the net's shapes (min ms of 12).
// Run: npx tsx bench/experiments/kernels/conv-step.mts [steps]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { batchNormBackward, batchNormForward } from '../../../src/runtime/layers/batch-norm.js';
import { conv2dInputGradient } from '../../../src/runtime/layers/conv2d.js';
import { maxPool2dBackward, maxPool2dForward } from '../../../src/runtime/layers/max-pool2d.js';
import { convNetStep, makeConvNet } from './nets.mjs';
import { median } from './timing.js';

await tf.setBackend('wasm');
await tf.ready();
const steps = Number(process.argv[2] ?? 20);

function timed(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}
/** CPU ms of this process (wasm runs on one thread; the wall clock also counts other processes). */
function cpuTimed(f: () => unknown): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
const a = tf.randomNormal([1024, 1024], 0, 1, 'float32', 5);
const b = tf.randomNormal([1024, 1024], 0, 1, 'float32', 6);
const matMul = () => tf.tidy(() => void tf.matMul(a, b).dataSync());
const net = makeConvNet();
const step = (i: number) => tf.tidy(() => void convNetStep(net, i, 64).dataSync());

for (let i = 0; i < 3; i++) [matMul(), step(i)];
const before = tf.memory().numTensors;
const peakMs: number[] = [];
const stepMs: number[] = [];
const peakCpuMs: number[] = [];
const stepCpuMs: number[] = [];
for (let i = 0; i < steps; i++) {
  peakMs.push(timed(matMul));
  stepMs.push(timed(() => step(10 + i)));
  peakCpuMs.push(cpuTimed(matMul));
  stepCpuMs.push(cpuTimed(() => step(100 + i)));
}
const gflops = (ms: number) => (2 * 1024 ** 3) / (ms * 1e6);
console.log(
  `conv net step, batch 64: median ${median(stepMs).toFixed(1)} ms (peak matMul ${gflops(median(peakMs)).toFixed(1)} GFLOP/s), ` +
    `min ${Math.min(...stepMs).toFixed(1)} ms (peak ${gflops(Math.min(...peakMs)).toFixed(1)} GFLOP/s), ` +
    `CPU median ${median(stepCpuMs).toFixed(1)} ms (peak ${gflops(median(peakCpuMs)).toFixed(1)} GFLOP/s); tensors leaked: ${tf.memory().numTensors - before}`,
);

function best(f: () => tf.Tensor | tf.Tensor[]): number {
  const times: number[] = [];
  for (let i = 0; i < 14; i++) {
    const t = timed(() => tf.tidy(() => {
      const out = f();
      for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    }));
    if (i >= 2) times.push(t);
  }
  return Math.min(...times);
}
const compare = (what: string, ours: number, theirs: number, theirName: string) =>
  console.log(`${what}: ours ${ours.toFixed(2)} ms, ${theirName} ${theirs.toFixed(2)} ms (${(theirs / ours).toFixed(1)}×)`);

const dz2 = tf.randomNormal([64, 14, 14, 16], 0, 1, 'float32', 1) as tf.Tensor4D;
const k2 = tf.randomNormal([3, 3, 8, 16], 0, 0.1, 'float32', 2) as tf.Tensor4D;
compare(
  'conv16 3×3 input gradient',
  best(() => conv2dInputGradient(dz2, k2, [64, 14, 14, 8], [1, 1], 'same')),
  best(() => tf.conv2dTranspose(dz2, k2, [64, 14, 14, 8], 1, 'same')),
  'Conv2DBackpropInput',
);

const x1 = tf.randomNormal([64, 28, 28, 8], 0, 1, 'float32', 3) as tf.Tensor4D;
const pool = maxPool2dForward(x1, [2, 2], [2, 2], 'valid');
const dyPool = tf.randomNormal(pool.y.shape, 0, 1, 'float32', 4) as tf.Tensor4D;
compare(
  'max-pool 2×2 backward [64,28,28,8]',
  best(() => maxPool2dBackward(dyPool, pool.cache)),
  best(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), dyPool)))(x1)),
  'MaxPoolGrad (wrong for windows ≤ 0)',
);

const xBn = tf.randomNormal([64, 14, 14, 8], 0, 1, 'float32', 5);
const gamma = tf.ones([8]) as tf.Tensor1D;
const beta = tf.zeros([8]) as tf.Tensor1D;
const dyBn = tf.randomNormal(xBn.shape, 0, 1, 'float32', 6);
const options = { momentum: 0.99, epsilon: 1e-3, training: true };
compare(
  'batch-norm forward + backward [64,14,14,8]',
  best(() => {
    const forward = batchNormForward(xBn, gamma, beta, beta, gamma, options);
    const g = batchNormBackward(dyBn, forward.cache);
    return [g.dx, g.dGamma, g.dBeta];
  }),
  best(() =>
    tf.grads((t: tf.Tensor, g: tf.Tensor, c: tf.Tensor) => {
      const { mean, variance } = tf.moments(t, [0, 1, 2]);
      return tf.sum(tf.mul(tf.batchNorm(t, mean, variance, c, g, 1e-3), dyBn));
    })([xBn, gamma, beta]),
  ),
  'autograd of tf.moments + tf.batchNorm',
);
