// Per-column sums of [M, C] on wasm (bias gradients, batch-norm statistics), by method; min ms of 20.
// Run: npx tsx bench/experiments/kernels/column-sums.mts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

await tf.setBackend('wasm');
await tf.ready();
const methods: Record<string, (m: tf.Tensor2D) => tf.Tensor> = {
  'ones·m (matMul)': (m) => tf.matMul(tf.ones([1, m.shape[0]]), m),
  'tf.sum(m, 0)': (m) => tf.sum(m, 0),
  'sum(transpose(m), 1)': (m) => tf.sum(tf.transpose(m), 1),
  'avgPool [1,M,1,C] · M': (m) =>
    tf.mul(tf.avgPool(tf.reshape(m, [1, m.shape[0], 1, m.shape[1]]) as tf.Tensor4D, [m.shape[0], 1], [m.shape[0], 1], 'valid'), m.shape[0]),
  'sum(reshape [M/64, 64·C], 0) then sum 64': (m) =>
    m.shape[0] % 64 === 0 ? tf.sum(tf.reshape(tf.sum(tf.reshape(m, [m.shape[0] / 64, 64 * m.shape[1]]), 0), [64, m.shape[1]]), 0) : tf.sum(m, 0),
};
for (const shape of [[50176, 8], [12544, 8], [12544, 16], [128, 1024], [128, 10]] as [number, number][]) {
  const line: string[] = [];
  for (const [name, f] of Object.entries(methods)) {
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const m = tf.randomNormal(shape) as tf.Tensor2D; // fresh each time, as a gradient is
      const t0 = performance.now();
      const s = f(m);
      s.dataSync();
      if (i >= 5) times.push(performance.now() - t0);
      tf.dispose([m, s]);
    }
    line.push(`${name} ${Math.min(...times).toFixed(3)}`);
  }
  console.log(JSON.stringify(shape).padEnd(12), line.join(' | '));
}
