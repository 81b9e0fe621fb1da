// Cost of drawing a seeded dropout mask of [128, 1024] on wasm, by method (ms, median of 50).
// Run: npx tsx bench/experiments/kernels/dropout-mask.mts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

await tf.setBackend('wasm');
await tf.ready();
const shape: [number, number] = [128, 1024];
const rate = 0.5;
const scale = 1 / (1 - rate);
const size = shape[0] * shape[1];

function mulberry32Floats(seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0);
    out[i] = u >= rate * 4294967296 ? scale : 0;
  }
  return out;
}
function xorshiftFloats(seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = (seed | 0) || 0x9e3779b9;
  const threshold = rate * 4294967296;
  for (let i = 0; i < size; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = (s >>> 0) >= threshold ? scale : 0;
  }
  return out;
}
function mulberryBool(seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let state = seed >>> 0;
  const threshold = rate * 4294967296;
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) >= threshold ? 1 : 0;
  }
  return out;
}

function xorshiftInt32(seed: number): Int32Array {
  const out = new Int32Array(size);
  let s = (seed | 0) || 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = s;
  }
  return out;
}
function xorshiftFloatsBranchless(seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = (seed | 0) || 0x9e3779b9;
  const threshold = rate * 4294967296;
  for (let i = 0; i < size; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = scale * +((s >>> 0) >= threshold);
  }
  return out;
}
function mulberry32FloatsBranchless(seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = seed >>> 0;
  const threshold = rate * 4294967296;
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = scale * +(((t ^ (t >>> 14)) >>> 0) >= threshold);
  }
  return out;
}
const x = tf.randomNormal(shape);
const methods: Record<string, (seed: number) => tf.Tensor> = {
  'tf.randomUniform (alea) + greaterEqual + mul': (seed) =>
    tf.mul(tf.cast(tf.greaterEqual(tf.randomUniform(shape, 0, 1, 'float32', seed), rate), 'float32'), scale),
  'tf.randomUniform (alea) + step': (seed) => tf.mul(tf.step(tf.sub(tf.randomUniform(shape, 0, 1, 'float32', seed), rate)), scale),
  'JS mulberry32 -> float32 mask': (seed) => tf.tensor2d(mulberry32Floats(seed), shape),
  'JS xorshift32 -> float32 mask': (seed) => tf.tensor2d(xorshiftFloats(seed), shape),
  'JS mulberry32 -> bool + cast*scale': (seed) => tf.mul(tf.cast(tf.tensor(mulberryBool(seed), shape, 'bool'), 'float32'), scale),
  'JS xorshift32 branchless -> float32 mask': (seed) => tf.tensor2d(xorshiftFloatsBranchless(seed), shape),
  'JS mulberry32 branchless -> float32 mask': (seed) => tf.tensor2d(mulberry32FloatsBranchless(seed), shape),
  'JS xorshift32 int32 -> backend compare': (seed) =>
    tf.mul(tf.cast(tf.greaterEqual(tf.tensor(xorshiftInt32(seed), shape, 'int32'), Math.round(rate * 4294967296 - 2147483648)), 'float32'), scale),
};
for (let r = 0; r < 2; r++)
for (const [name, make] of Object.entries(methods)) {
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const y = tf.tidy(() => tf.mul(x, make(1000 + i)));
    y.dataSync();
    y.dispose();
    if (i >= 10) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(48)} ${times[times.length >> 1].toFixed(2)} ms (incl. the mul and readback)`);
}
const t: number[] = [];
for (let i = 0; i < 60; i++) { const t0 = performance.now(); const y = tf.mul(x, x); y.dataSync(); y.dispose(); if (i >= 10) t.push(performance.now() - t0); }
t.sort((a, b) => a - b);
console.log(`${'baseline: mul + readback only'.padEnd(48)} ${t[t.length >> 1].toFixed(2)} ms`);
