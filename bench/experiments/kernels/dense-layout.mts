// The first dense layer of the seed network (784→1024, batch 128) on wasm, by kernel layout: x·W with
// W [in, units] (XNNPACK packs W, a new tensor after every update) against (W·xᵀ)ᵀ with W held
// [units, in] (W is the left operand, never packed); and the kernel gradient both ways. CPU ms.
// Run: npx tsx bench/experiments/kernels/dense-layout.mts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
const [n, i, o] = [128, 784, 1024];
const x = tf.randomUniform([n, i]) as tf.Tensor2D;
const W = tf.randomNormal([i, o], 0, 0.05) as tf.Tensor2D;
const WT = tf.transpose(W) as tf.Tensor2D;
const b = tf.randomNormal([o]) as tf.Tensor1D;
const bCol = tf.reshape(b, [o, 1]);
const dz = tf.randomNormal([n, o]) as tf.Tensor2D;
const ops: Record<string, (w: tf.Tensor2D, wt: tf.Tensor2D) => tf.Tensor> = {
  'fwd: fused x·W +b relu (W new)': (w) => tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' }),
  'fwd: (WT·xT)ᵀ, +b, relu (WT new)': (_, wt) => tf.relu(tf.add(tf.transpose(tf.matMul(wt, tf.transpose(x))), b)),
  'fwd: relu(WT·xT + bcol)ᵀ (WT new)': (_, wt) => tf.transpose(tf.relu(tf.add(tf.matMul(wt, tf.transpose(x)), bCol))),
  'bwd: xT·dz': () => tf.matMul(tf.transpose(x), dz),
  'bwd: dzT·x': () => tf.matMul(tf.transpose(dz), x),
};
for (const [name, f] of Object.entries(ops)) {
  const t: number[] = [];
  for (let k = 0; k < 30; k++) {
    const w = tf.add(W, 0) as tf.Tensor2D; const wt = tf.add(WT, 0) as tf.Tensor2D;
    const c = process.cpuUsage(); const s = tf.tidy(() => f(w, wt)); s.dataSync(); const u = process.cpuUsage(c);
    if (k >= 5) t.push((u.user + u.system) / 1000); tf.dispose([s, w, wt]);
  }
  t.sort((a, c) => a - c); console.log(name.padEnd(40), 'min', t[0].toFixed(2), 'med', t[t.length >> 1].toFixed(2));
}
