// Max-norm constraint (per output column of a dense kernel [in, out], Keras semantics) on wasm, by
// how the column norms are reduced; min and median CPU ms of 20 after 5 warm-ups.
// Run: npx tsx bench/experiments/kernels/max-norm.mts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { maxNormConstraint } from '../../../src/runtime/constraints.js';
import { median } from './timing.js';

await tf.setBackend('wasm');
await tf.ready();
const maxValue = 3;
const clipScale = (squaredNorms: tf.Tensor) => {
  const norms = tf.sqrt(squaredNorms);
  return tf.div(tf.clipByValue(norms, 0, maxValue), tf.add(norms, 1e-7));
};
const methods: Record<string, (w: tf.Tensor2D) => tf.Tensor> = {
  'tf.sum(square(w), 0) (transposes)': (w) => tf.mul(w, clipScale(tf.sum(tf.square(w), [0], true))),
  'ones[1,in]·square(w) (matMul)': (w) => tf.mul(w, clipScale(tf.matMul(tf.ones([1, w.shape[0]]), tf.square(w)))),
  'ones·(w∘w) via mul': (w) => tf.mul(w, clipScale(tf.matMul(tf.ones([1, w.shape[0]]), tf.mul(w, w)))),
  // What scripts run: conv kernels (norms over all axes but the last) reduce with an average pool;
  // dense kernels are held [units, in], so their norms are row norms, the innermost reduction.
  'runtime, axes all but last (avgPool)': (w) => maxNormConstraint(w, maxValue, [0]),
  'runtime, held [units, in], axes [1]': (w) => maxNormConstraint(w, maxValue, [1]),
};
for (const shape of [[784, 1024], [1024, 1024], [1024, 2048]] as [number, number][]) {
  const line: string[] = [];
  for (const [name, f] of Object.entries(methods)) {
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const held: [number, number] = name.includes('[units, in]') ? [shape[1], shape[0]] : shape;
      const w = tf.randomNormal(held, 0, 0.1) as tf.Tensor2D; // fresh each time, as an updated weight is
      const cpu = process.cpuUsage();
      const s = f(w);
      s.dataSync();
      const used = process.cpuUsage(cpu);
      if (i >= 5) times.push((used.user + used.system) / 1000);
      tf.dispose([w, s]);
    }
    line.push(`${name} min ${Math.min(...times).toFixed(2)} med ${median(times).toFixed(2)}`);
  }
  console.log(JSON.stringify(shape).padEnd(12), line.join(' | '));
}
// Agreement of the two reductions (relative), on one weight.
const w = tf.randomNormal([1024, 2048], 0, 0.1) as tf.Tensor2D;
const a = tf.sum(tf.square(w), [0], true).dataSync();
const b = tf.matMul(tf.ones([1, 1024]), tf.square(w)).dataSync();
console.log('max relative difference of squared norms', Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]) / v)));
