/**
 * Trained weights in the TensorFlow.js layers-model format (model.json + weights.bin), with a
 * Keras-compatible Sequential topology, so `tf.loadLayersModel('file://…/model.json')` or any reader
 * of the format can use them. Weight names are `layer/param`, the names tfjs-layers gives them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export interface NamedWeight {
  name: string;
  tensor: tf.Tensor;
}

/** A bad --init-from folder: the script prints the message and exits 2 (like a data error). */
class InitFromError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** The float32 weights of a layers-model folder (model.json + its weight files) by name, in Keras layout. */
export function readLayersWeights(dir: string): Map<string, { shape: number[]; values: Float32Array }> {
  const modelFile = join(dir, 'model.json');
  let manifest: { paths: string[]; weights: { name: string; shape: number[]; dtype?: string }[] }[];
  try {
    manifest = (JSON.parse(readFileSync(modelFile, 'utf8')) as { weightsManifest: typeof manifest }).weightsManifest;
  } catch (error) {
    throw new InitFromError(`${modelFile}: cannot read the model: ${(error as Error).message}`);
  }
  const weights = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const group of manifest ?? []) {
    const bytes = Buffer.concat(group.paths.map((path) => readFileSync(join(dir, path))));
    let offset = 0;
    for (const entry of group.weights) {
      if ((entry.dtype ?? 'float32') !== 'float32') throw new InitFromError(`${modelFile}: weight ${entry.name} is ${entry.dtype}, not float32`);
      const count = entry.shape.reduce((product, dim) => product * dim, 1);
      if (offset + 4 * count > bytes.length) throw new InitFromError(`${modelFile}: the weight files are too short for ${entry.name}`);
      const values = new Float32Array(count);
      for (let i = 0; i < count; i++) values[i] = bytes.readFloatLE(offset + 4 * i);
      weights.set(entry.name, { shape: entry.shape, values });
      offset += 4 * count;
    }
  }
  return weights;
}

/**
 * Replaces each variable's value with the folder's weight of the same `layer/param` name. `kerasShapes`
 * are the shapes the model saves (a dense kernel held [units, in] is saved [in, units]: transposed here).
 */
export function assignLayersWeights(dir: string, variables: ReadonlyMap<string, tf.Variable>, kerasShapes: ReadonlyMap<string, number[]>): void {
  const loaded = readLayersWeights(dir);
  for (const [name, variable] of variables) {
    const weight = loaded.get(name);
    const kerasShape = kerasShapes.get(name) ?? variable.shape;
    if (weight === undefined) throw new InitFromError(`${join(dir, 'model.json')}: no weight named ${name}`);
    if (weight.shape.join('x') !== kerasShape.join('x')) {
      throw new InitFromError(`${join(dir, 'model.json')}: ${name} has shape [${weight.shape.join(', ')}], the model needs [${kerasShape.join(', ')}]`);
    }
    tf.tidy(() => {
      const value = tf.tensor(weight.values, kerasShape, 'float32');
      variable.assign(variable.shape.join('x') === kerasShape.join('x') ? value : tf.transpose(value));
    });
  }
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
