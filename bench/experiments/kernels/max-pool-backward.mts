// Max-pool 2×2/2 backward on wasm at [64, 28, 28, 8] (the conv net's first pool), by method.
// Run: npx tsx bench/experiments/kernels/max-pool-backward.mts   (min and median ms of 15 after warm-up)
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { maxPool2dBackward, maxPool2dForward } from '../../../src/runtime/layers/max-pool2d.js';
import { windowGeometry } from '../../../src/runtime/shared/window-geometry.js';

/** The host-loop alternative (one dataSync per pool layer per step), for comparison only. */
function maxPoolBackwardJs(dy: tf.Tensor4D, x: tf.Tensor4D, poolSize: [number, number], strides: [number, number], padding: 'valid' | 'same'): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const [outHeight, outWidth] = [dy.shape[1], dy.shape[2]];
  const top = windowGeometry(height, poolSize[0], strides[0], padding).padBefore;
  const left = windowGeometry(width, poolSize[1], strides[1], padding).padBefore;
  const xs = x.dataSync();
  const dys = dy.dataSync();
  const dx = new Float32Array(x.size);
  const best = new Float32Array(channels);
  const bestAt = new Int32Array(channels);
  let out = 0;
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < outHeight; p++) {
      for (let q = 0; q < outWidth; q++, out += channels) {
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let i = 0; i < poolSize[0]; i++) {
          const row = p * strides[0] - top + i;
          if (row < 0 || row >= height) continue;
          for (let j = 0; j < poolSize[1]; j++) {
            const column = q * strides[1] - left + j;
            if (column < 0 || column >= width) continue;
            const base = ((n * height + row) * width + column) * channels;
            for (let c = 0; c < channels; c++) {
              const v = xs[base + c];
              if (v > best[c] || bestAt[c] < 0) { best[c] = v; bestAt[c] = base + c; }
            }
          }
        }
        for (let c = 0; c < channels; c++) if (bestAt[c] >= 0) dx[bestAt[c]] += dys[out + c];
      }
    }
  }
  return tf.tensor4d(dx, x.shape);
}

await tf.setBackend('wasm');
await tf.ready();
const x = tf.randomNormal([64, 28, 28, 8], 0, 1, 'float32', 1) as tf.Tensor4D;
const { y, cache } = maxPool2dForward(x, [2, 2], [2, 2], 'valid');
const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 2) as tf.Tensor4D;

const methods: Record<string, () => tf.Tensor> = {
  'mlpc maxPool2dBackward': () => maxPool2dBackward(dy, cache),
  'JS loop over dataSync': () => maxPoolBackwardJs(dy, x, [2, 2], [2, 2], 'valid'),
  'tfjs MaxPoolGrad (autograd)': () => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), dy)))(x),
  'maxPoolWithArgmax + scatterND': () => {
    const { indexes } = tf.maxPoolWithArgmax(x, 2, 2, 'valid', true);
    return tf.reshape(tf.scatterND(tf.reshape(indexes, [-1, 1]), tf.reshape(dy, [-1]), [x.size]), x.shape);
  },
  'equality mask, ties to all (not TF)': () => {
    const [n, h, w, c] = x.shape;
    const isMax = tf.cast(tf.equal(tf.reshape(x, [n, h / 2, 2, w / 2, 2, c]), tf.reshape(y, [n, h / 2, 1, w / 2, 1, c])), 'float32');
    return tf.reshape(tf.mul(isMax, tf.reshape(dy, [n, h / 2, 1, w / 2, 1, c])), x.shape);
  },
  'forward maxPool (reference)': () => tf.maxPool(x, 2, 2, 'valid'),
};
const reference = methods['JS loop over dataSync']().dataSync();
for (const [name, f] of Object.entries(methods)) {
  const times: number[] = [];
  let result: Float32Array | null = null;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const out = tf.tidy(f);
    const values = out.dataSync() as Float32Array;
    if (i >= 5) times.push(performance.now() - t0);
    result = values;
    out.dispose();
  }
  times.sort((a, b) => a - b);
  const sameAsTfjs = result!.length === reference.length && result!.every((v, i) => Math.abs(v - reference[i]) < 1e-6);
  console.log(`${name.padEnd(44)} min ${times[0].toFixed(2)} ms, median ${times[times.length >> 1].toFixed(2)} ms${sameAsTfjs ? '' : '  (DIFFERS from the JS loop)'}`);
}
