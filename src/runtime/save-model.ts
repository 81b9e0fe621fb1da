/**
 * Trained weights in the TensorFlow.js layers-model format (model.json + weights.bin), with a
 * Keras-compatible Sequential topology, so `tf.loadLayersModel('file://…/model.json')` or any reader
 * of the format can use them. Weight names are `layer/param`, the names tfjs-layers gives them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export interface NamedWeight {
  name: string;
  tensor: tf.Tensor;
}

export function saveLayersModel(dir: string, modelTopology: object, weights: readonly NamedWeight[]): void {
  mkdirSync(dir, { recursive: true });
  const buffers = weights.map(({ tensor }) => {
    const values = tensor.dataSync() as Float32Array;
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  });
  writeFileSync(join(dir, 'weights.bin'), Buffer.concat(buffers));
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'mlpc',
    convertedBy: null,
    modelTopology,
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: weights.map(({ name, tensor }) => ({ name, shape: tensor.shape, dtype: 'float32' })),
      },
    ],
  };
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(modelJson, null, 2)}\n`);
}
