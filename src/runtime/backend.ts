/**
 * Backend selection: @tensorflow/tfjs-node when it can be imported (an optional peer dependency,
 * never required), else the wasm backend. The tfjs-node specifier is held in a variable so the script
 * type-checks where tfjs-node is not installed.
 */
import * as tf from '@tensorflow/tfjs';
import { type BackendName, FlagError } from './run-flags.js';

async function importTfjsNode(): Promise<boolean> {
  const tfjsNodeSpecifier: string = '@tensorflow/tfjs-node';
  try {
    await import(tfjsNodeSpecifier);
    return true;
  } catch {
    return false;
  }
}

/** Activates the requested backend (or the fastest available one) and returns tfjs's name for it. */
export async function selectBackend(requested: BackendName | undefined): Promise<string> {
  if (requested === undefined || requested === 'node') {
    if (await importTfjsNode()) {
      await tf.setBackend('tensorflow');
      return tf.getBackend();
    }
    if (requested === 'node') {
      throw new FlagError('--backend node: cannot import @tensorflow/tfjs-node (install it with `npm install @tensorflow/tfjs-node`)');
    }
  }
  if (requested === 'cpu') {
    await tf.setBackend('cpu');
    return tf.getBackend();
  }
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend of TensorFlow.js failed to initialize');
  return tf.getBackend();
}
