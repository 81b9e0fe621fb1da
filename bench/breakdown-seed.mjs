/**
 * Child (diagnostic, `--only breakdown`): where the CPU time of mlpc's seed step goes, phase by
 * phase, using the very runtime kernels the generated script inlines (compiled to dist/ by
 * `npm run build:ts`). Each phase is run on its own, 30 times after 5 warm-ups, and timed in
 * process CPU time; the sum is compared with the whole step. Also the per-step extras of the
 * Table 9 network (max-norm and momentum over its 4.2 M kernel weights) against one of its GEMMs.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { initWasm } from './lib/tf-wasm.mjs';
import { reportResult, repoRoot } from './lib/child.mjs';
import { timeSteps, median } from './lib/stats.mjs';

const runtime = async (file) => import(pathToFileURL(path.join(repoRoot, 'dist/runtime', file)).href);
const { denseForward, denseBackward } = await runtime('layers/dense.js');
const { dropoutForward, dropoutBackward } = await runtime('layers/dropout.js');
const { softmaxCrossEntropy } = await runtime('layers/losses.js');
const { l2Penalty } = await runtime('penalties.js');
const { sgdUpdateWithL2, momentumUpdate, createMomentumSlot } = await runtime('sgd.js');
const { maxNormConstraint } = await runtime('constraints.js');
const tf = await initWasm();

const batch = 128;
const x = tf.randomUniform([batch, 784]);
const targets = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10).toFloat();
const params = {
  // Dense kernels are held as [units, in] during training (see src/runtime/layers/dense.ts).
  hk: tf.variable(tf.truncatedNormal([1024, 784], 0, 0.05)), hb: tf.variable(tf.zeros([1024])),
  ok: tf.variable(tf.truncatedNormal([10, 1024], 0, 0.05)), ob: tf.variable(tf.zeros([10])),
};
const λ = 0.0005;

function forward(seed) {
  const hidden = denseForward(x, params.hk, params.hb, 'relu');
  const drop = dropoutForward(hidden.y, 0.5, seed);
  const out = denseForward(drop.y, params.ok, params.ob, 'linear');
  return { hidden, drop, out, data: softmaxCrossEntropy(out.y, targets) };
}
function penalty() {
  return tf.addN([l2Penalty(λ, params.hk), l2Penalty(λ, params.hb), l2Penalty(λ, params.ok), l2Penalty(λ, params.ob)]);
}
function backward(f) {
  const outB = denseBackward(f.data.dLogits, f.out.cache, true);
  const dropB = dropoutBackward(outB.dx, f.drop.cache);
  const hiddenB = denseBackward(dropB, f.hidden.cache, false);
  return { outB, hiddenB };
}
// Data-loss gradients only: the generated script folds the L2 gradient into the SGD update.
function grads(b) {
  return [b.hiddenB.dKernel, b.hiddenB.dBias, b.outB.dKernel, b.outB.dBias];
}
const f0 = tf.tidy(() => {
  const f = forward(1);
  return f; // kept alive for the backward-only phases
});
tf.keep(f0.data.dLogits);
const b0 = backward(f0);
const g0 = grads(b0);

const phases = {
  'forward hidden: fused matMul + bias + relu, 128×784·784×1024': () => denseForward(x, params.hk, params.hb, 'relu').y,
  'dropout mask (JS xorshift) + upload + multiply': (i) => dropoutForward(f0.hidden.y, 0.5, i).y,
  'forward out + softmax cross-entropy': () => softmaxCrossEntropy(denseForward(f0.drop.y, params.ok, params.ob, 'linear').y, targets).loss,
    'L2 penalty value (Σw², 4 params; logging steps only)': () => penalty(),
  'backward out: dKernel, dBias, dx': () => denseBackward(f0.data.dLogits, f0.out.cache, true).dx,
  'backward dropout': () => dropoutBackward(b0.outB.dx, f0.drop.cache),
  'backward hidden: relu grad, dKernel = xᵀ·dz (784×128·128×1024), dBias': () => denseBackward(f0.drop.y, f0.hidden.cache, false).dKernel,
  'SGD update with L2 folded in, w·(1 − 2ηλ) − η·dW, 4 variables': () => {
    [params.hk, params.hb, params.ok, params.ob].forEach((v, k) => sgdUpdateWithL2(v, tf.mul(0, g0[k]), 0.5, 0));
  },
};
const cpuOf = async (fn) => median((await timeSteps((i) => {
  const r = tf.tidy(() => fn(i));
  if (r) tf.backend().readSync(r.dataId, 0, 1);
}, { warmup: 5, repeats: 30 })).cpu);
const rows = [];
for (const [name, fn] of Object.entries(phases)) rows.push({ phase: name, cpuMs: await cpuOf(fn) });
const whole = await cpuOf((i) => {
  const f = forward(i);
  const g = grads(backward(f));
  // λ = 0 keeps the weights fixed so every repeat measures the same step.
  [params.hk, params.hb, params.ok, params.ob].forEach((v, k) => sgdUpdateWithL2(v, tf.mul(0, g[k]), 0.5, 0));
  return f.data.loss;
});

const table9Kernels = [[1024, 784], [1024, 1024], [2048, 1024], [10, 2048]].map((shape) => tf.variable(tf.randomNormal(shape, 0, 0.05)));
const table9Grads = table9Kernels.map((k) => tf.randomNormal(k.shape, 0, 0.01));
const table9Slots = table9Kernels.map((k) => createMomentumSlot(k));
const wide = tf.randomUniform([batch, 1024]);
const table9 = [
  { phase: 'max-norm of the 4 kernels (row norms of [units, in], rescale, assign)', cpuMs: await cpuOf(() => table9Kernels.forEach((k) => k.assign(maxNormConstraint(k, 3, [1])))) },
  { phase: 'momentum update of the 4 kernels', cpuMs: await cpuOf(() => table9Kernels.forEach((k, i) => momentumUpdate(k, table9Grads[i], table9Slots[i], 0.1, 0.95, false))) },
  { phase: 'one forward GEMM 128×1024·1024×2048 (0.54 GFLOP), for scale', cpuMs: await cpuOf(() => tf.matMul(table9Kernels[2], tf.transpose(wide))) },
];
reportResult({ phases: rows, sumMs: rows.reduce((a, r) => a + r.cpuMs, 0), wholeStepCpuMs: whole, table9 });
