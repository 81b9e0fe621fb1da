/**
 * The saved model of a graph model (spec v2), a language model or one trained on examples alike:
 * model.json in the layers-model format (../save-model.ts) whose topology names the model and its
 * spec (tfjs-layers has no class for these graphs) and whose weights are every tensor once, by
 * parameter id (`res.0.fc.kernel`), kernels in Keras layout [in, units]. The PyTorch target saves the
 * same ids and layouts (graph_topology of its runtime), so `--init-from` reads a folder of either.
 */
import * as tf from '@tensorflow/tfjs';
import { assignLayersWeights, saveLayersModel } from '../save-model.js';
import type { GraphParams } from './params.js';

/** model.json's modelTopology for a graph model. */
export function graphTopology(name: string, inputShape: readonly number[], spec: string): object {
  return { class_name: 'MlpcGraph', config: { name, input_shape: [...inputShape], spec }, backend: 'tfjs' };
}

/** Writes `<out>/model.json` and its weights file: every parameter by id, in the model's weight order. */
export function saveGraphModel(out: string, topology: object, params: GraphParams): void {
  tf.tidy(() => saveLayersModel(out, topology, Object.entries(params).map(([name, tensor]) => ({ name, tensor }))));
}

/** --init-from DIR: every parameter from the folder's weight of the same id (held in the saved layout). */
export function assignGraphWeights(dir: string, params: GraphParams): void {
  assignLayersWeights(dir, new Map(Object.entries(params)), new Map());
}
