/**
 * Child: ms per training step of a spec's network written as a tfjs user would (tf.layers
 * Sequential + model.fit), on wasm, on random data of the right shape (step time does not depend
 * on the values). Per-step times come from consecutive onBatchEnd callbacks inside one fit() call,
 * so fit's own per-batch overhead is included, as a user pays it.
 *   --spec FILE --steps N --warmup N [--patch-conv-filter] [--mode fit|train-on-batch]
 */
import { parseArgs } from 'node:util';
import { initWasm } from './lib/tf-wasm.mjs';
import { reportResult } from './lib/child.mjs';
import { cpuNowMs, summarize } from './lib/stats.mjs';
import { loadIr } from './lib/load-ir.mjs';
import { buildLayersModel } from './lib/layers-model.mjs';
import { registerJsConv2dBackpropFilter } from './lib/conv-filter-grad-js.mjs';

const { values } = parseArgs({
  options: {
    spec: { type: 'string' },
    steps: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    mode: { type: 'string', default: 'fit' },
    'patch-conv-filter': { type: 'boolean', default: false },
  },
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const tf = await initWasm();
const ir = await loadIr(values.spec);
const patched = values['patch-conv-filter'] ? registerJsConv2dBackpropFilter(tf) : false;
const batch = ir.training.batchSize;
const classes = ir.data.classes;
const total = batch * (steps + warmup);
const x = tf.randomUniform([total, ...ir.input.shape]);
const labels = tf.randomUniform([total], 0, classes, 'int32');
const y = ir.training.loss === 'softmax_cross_entropy' ? tf.oneHot(labels, classes).toFloat() : labels.reshape([total, 1]).toFloat();

const model = buildLayersModel(tf, ir);
const stamps = [];
const cpuStamps = [];
const stamp = () => {
  stamps.push(performance.now());
  cpuStamps.push(cpuNowMs());
};
let error;
const tensorsBefore = tf.memory().numTensors;
try {
  if (values.mode === 'fit') {
    stamp();
    await model.fit(x, y, {
      batchSize: batch, epochs: 1, shuffle: false, verbose: 0,
      callbacks: { onBatchEnd: async () => stamp() },
    });
  } else {
    stamp();
    for (let i = 0; i < steps + warmup; i++) {
      const xb = x.slice([i * batch], [batch]);
      const yb = y.slice([i * batch], [batch]);
      await model.trainOnBatch(xb, yb);
      tf.dispose([xb, yb]);
      stamp();
    }
  }
} catch (e) {
  error = e instanceof Error ? e.message : String(e);
}
const durations = stamps.slice(1).map((t, i) => t - stamps[i]).slice(warmup);
const cpuDurations = cpuStamps.slice(1).map((t, i) => t - cpuStamps[i]).slice(warmup);
reportResult({
  spec: values.spec,
  mode: values.mode,
  patchedConvFilter: patched,
  status: error ? 'fails' : 'ok',
  error,
  batch,
  ms: error ? undefined : summarize(durations),
  cpuMs: error ? undefined : summarize(cpuDurations),
  tensorGrowth: error ? undefined : tf.memory().numTensors - tensorsBefore,
});
