/**
 * TensorFlow.js on the wasm backend, as generated scripts use it when tfjs-node is absent.
 * In Node the backend runs single-threaded with SIMD (its multithread flag is hard-coded off).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export async function initWasm() {
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new Error('could not initialise the tfjs wasm backend');
  await tf.ready();
  return tf;
}

export function backendFacts(tfjs) {
  return {
    backend: tfjs.getBackend(),
    tfjsVersion: tfjs.version.tfjs,
    simd: tfjs.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    threads: tfjs.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
  };
}
