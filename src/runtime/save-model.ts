/**
 * Trained weights in the TensorFlow.js layers-model format (model.json + a weights file), with a
 * Keras-compatible Sequential topology, so `tf.loadLayersModel('file://…/model.json')` or any reader
 * of the format can use them. Weight names are `layer/param`, the names tfjs-layers gives them.
 *
 * A save replaces the model in `<out>` as one step, so a kill at any moment leaves the previous model
 * or the new one, never the new weights under the old model.json (which loads with the wrong weights,
 * or not at all when the shapes changed). model.json is the commit point:
 *
 *   1. The weights go to `weights-<first 8 hex digits of their sha256>.bin`, written by replaceFile
 *      (temporary file + rename). A new name, so the previous model.json still points at its own file.
 *      Equal weights give the same name and the same bytes: the file is left as it is.
 *   2. model.json is written by replaceFile; its weightsManifest names that file. The rename of
 *      model.json is the moment the new model replaces the old one.
 *   3. Only then: every `weights*.bin` model.json does not name (the previous save's file, a
 *      `weights.bin` of an older mlpc) and every temporary file a killed save left is removed.
 *
 * Readers follow the manifest's `paths` (tfjs does; readLayersWeights below, `--init-from` and the
 * Python runtime's read_tfjs_weights do), never a fixed file name. A kill before step 2 leaves an
 * unreferenced weights file or temporary file, removed by the next save's step 3. The PyTorch runtime's
 * save_model follows the same scheme and writes model.pt (replaceFile's way) after step 2, so model.pt
 * is never newer than model.json; after a kill between the two it is the previous save's.
 * One writer per folder: two runs saving into one `--out` at once are not supported.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { isReplaceTemporary, replaceFile } from './replace-file.js';

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

/** `weights-<sha8>.bin`, longer only if 8 digits collide with a different file already in the folder. */
function weightsFileName(dir: string, bytes: Buffer): string {
  const digest = createHash('sha256').update(bytes).digest('hex');
  for (let digits = 8; digits < digest.length; digits += 8) {
    const name = `weights-${digest.slice(0, digits)}.bin`;
    const path = join(dir, name);
    if (!existsSync(path) || readFileSync(path).equals(bytes)) return name;
  }
  return `weights-${digest}.bin`;
}

/** A weights file or a temporary file of a save that model.json no longer needs. */
function isStaleSaveFile(fileName: string, weightsFile: string): boolean {
  if (fileName === weightsFile) return false;
  if (/^weights(-[0-9a-f]+)?\.bin$/.test(fileName)) return true;
  return isReplaceTemporary(fileName) && /^\.(model\.json|model\.pt|weights(-[0-9a-f]+)?\.bin)\./.test(fileName);
}

export function saveLayersModel(dir: string, modelTopology: object, weights: readonly NamedWeight[]): void {
  mkdirSync(dir, { recursive: true });
  const buffers = weights.map(({ tensor }) => {
    const values = tensor.dataSync() as Float32Array;
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  });
  const bytes = Buffer.concat(buffers);
  const weightsFile = weightsFileName(dir, bytes);
  if (!existsSync(join(dir, weightsFile))) replaceFile(join(dir, weightsFile), bytes);
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'mlpc',
    convertedBy: null,
    modelTopology,
    weightsManifest: [
      {
        paths: [weightsFile],
        weights: weights.map(({ name, tensor }) => ({ name, shape: tensor.shape, dtype: 'float32' })),
      },
    ],
  };
  replaceFile(join(dir, 'model.json'), `${JSON.stringify(modelJson, null, 2)}\n`);
  for (const fileName of readdirSync(dir)) {
    if (isStaleSaveFile(fileName, weightsFile)) rmSync(join(dir, fileName), { force: true });
  }
}
