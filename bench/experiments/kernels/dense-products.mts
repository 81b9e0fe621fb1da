// dx = dz·Wᵀ and dW = xᵀ·dz on wasm with fresh operands (as in training), computed directly or via the
// transposed product; min ms of 12. Run: npx tsx bench/experiments/kernels/dense-products.mts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
const cases = [[128, 1024, 1024], [128, 1024, 10], [128, 784, 1024]];
for (const [batch, inp, out] of cases) {
  const res: Record<string, number[]> = { direct: [], via: [], leftDirect: [], leftVia: [] };
  for (let i = 0; i < 14; i++) {
    const dz = tf.randomNormal([batch, out]) as tf.Tensor2D; const w = tf.randomNormal([inp, out]) as tf.Tensor2D; const x = tf.randomNormal([batch, inp]) as tf.Tensor2D;
    const time = (k: string, f: () => tf.Tensor) => { const t0 = performance.now(); const r = tf.tidy(f); r.dataSync(); if (i >= 2) res[k].push(performance.now() - t0); r.dispose(); };
    time('direct', () => tf.matMul(dz, tf.transpose(w)));
    time('via', () => tf.transpose(tf.matMul(w, tf.transpose(dz))));
    time('leftDirect', () => tf.matMul(tf.transpose(x), dz));
    time('leftVia', () => tf.transpose(tf.matMul(tf.transpose(dz), x)));
    tf.dispose([dz, w, x]);
  }
  console.log(batch, inp, out, Object.entries(res).map(([k, v]) => `${k} ${Math.min(...v).toFixed(2)}`).join(' | '));
}
