// Timing helpers for the kernel benches (wasm runs synchronously: a readback ends each step).
import * as tf from '@tensorflow/tfjs';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** ms per call after 5 warm-up calls. */
export function timeSteps(step: (i: number) => unknown, count: number): number[] {
  for (let i = 0; i < 5; i++) step(i);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    step(i + 5);
    times.push(performance.now() - start);
  }
  return times;
}

/** Best of 10 plain 1024³ matMuls, in GFLOP/s. */
export function peakMatMulGflops(): number {
  const a = tf.randomNormal([1024, 1024], 0, 1, 'float32', 1);
  const b = tf.randomNormal([1024, 1024], 0, 1, 'float32', 2);
  // Not tf.tidy(() => ….dataSync()): tidy walks a returned typed array element by element (5–10× the matMul).
  const times = timeSteps(() => {
    const product = tf.matMul(a, b);
    product.dataSync();
    product.dispose();
  }, 10);
  tf.dispose([a, b]);
  return (2 * 1024 ** 3) / (Math.min(...times) * 1e6);
}
