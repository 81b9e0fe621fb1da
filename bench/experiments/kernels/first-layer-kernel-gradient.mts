// Kernel gradient of the conv net's first layer (5×5, 1 → 8 channels, 'same', batch 64) on wasm:
// the batch/channel-swapped forward conv vs im2col from 25 shifted slices + one plain matMul.
// Run: npx tsx bench/experiments/kernels/first-layer-kernel-gradient.mts   (CPU ms of this process, min and median of 15)
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { conv2dKernelGradient } from '../../../src/runtime/layers/conv2d.js';

await tf.setBackend('wasm');
await tf.ready();
const x = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
const dzBase = tf.randomNormal([64, 28, 28, 8], 0, 1, 'float32', 2) as tf.Tensor4D;

function im2colSlices(dz: tf.Tensor4D): tf.Tensor {
  const padded = tf.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]]);
  const rows: tf.Tensor[] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) rows.push(tf.reshape(tf.slice(padded, [0, i, j, 0], [-1, 28, 28, 1]), [-1]));
  const patchesByOffset = tf.stack(rows); // [25, n·28·28], contiguous rows
  return tf.reshape(tf.matMul(patchesByOffset, tf.reshape(dz, [-1, 8])), [5, 5, 1, 8]);
}
const reference = tf.tidy(() => conv2dKernelGradient(x, dzBase, [5, 5, 1, 8], [1, 1], 'same'));
const candidate = tf.tidy(() => im2colSlices(dzBase));
console.log('max |difference| / max |gradient|:', tf.max(tf.abs(tf.sub(reference, candidate))).dataSync()[0] / tf.max(tf.abs(reference)).dataSync()[0]);
for (const [name, f] of [
  ['swapped forward conv (conv2dKernelGradient)', (dz: tf.Tensor4D) => conv2dKernelGradient(x, dz, [5, 5, 1, 8], [1, 1], 'same')],
  ['im2col from 25 slices + matMul', im2colSlices],
] as const) {
  const times: number[] = [];
  for (let i = 0; i < 17; i++) {
    const dz = tf.mul(dzBase, 1 + i * 1e-4) as tf.Tensor4D; // fresh, as a gradient is
    const start = process.cpuUsage();
    tf.tidy(() => void f(dz).dataSync());
    const used = process.cpuUsage(start);
    if (i >= 2) times.push((used.user + used.system) / 1000);
    dz.dispose();
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(46)} min ${times[0].toFixed(2)} ms, median ${times[times.length >> 1].toFixed(2)} ms`);
}
