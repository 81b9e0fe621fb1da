/**
 * Child: peak plain (untransposed) 1024x1024x1024 matMul on wasm, the ceiling the training steps are
 * measured against. 2*m*k*n FLOPs per product.
 */
import { parseArgs } from 'node:util';
import { initWasm, backendFacts } from './lib/tf-wasm.mjs';
import { reportResult } from './lib/child.mjs';
import { summarize, timeSteps } from './lib/stats.mjs';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1024' }, repeats: { type: 'string', default: '15' } } });
const size = Number(values.size);
const tf = await initWasm();
const a = tf.randomNormal([size, size]);
const b = tf.randomNormal([size, size]);
const samples = await timeSteps(
  () => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  },
  { warmup: 3, repeats: Number(values.repeats) },
);
const ms = summarize(samples.wall);
const cpuMs = summarize(samples.cpu);
const flops = 2 * size ** 3;
reportResult({
  ...backendFacts(tf), size, flops, ms, cpuMs,
  gflops: flops / ms.median / 1e6, bestGflops: flops / ms.min / 1e6, cpuGflops: flops / cpuMs.median / 1e6,
});
