/**
 * Which layer plays which role in a sequential model: the output layer is the last one with
 * weights, everything with weights before it is hidden, and activation layers after it act on the
 * model's output. Shared by the rules that treat hidden and output layers differently.
 */
import type { Activation, LayerIR, ModelIR } from '../ir/types.js';

/** A layer with a kernel and an activation: dense, conv2d, conv1d (Keras Conv1D, channels last). */
export type WeightedLayer = Extract<LayerIR, { type: 'dense' | 'conv2d' | 'conv1d' }>;

export function isWeighted(layer: LayerIR): layer is WeightedLayer {
  return layer.type === 'dense' || layer.type === 'conv2d' || layer.type === 'conv1d';
}

/** The last dense/conv2d/conv1d layer: it produces the logits (or the regression outputs). */
export function outputLayer(ir: ModelIR): WeightedLayer | undefined {
  for (let index = ir.layers.length - 1; index >= 0; index -= 1) {
    const layer = ir.layers[index]!;
    if (isWeighted(layer)) return layer;
  }
  return undefined;
}

/** A nonlinearity in the model, with where it is written: a layer's `activation` or an activation layer. */
export interface AppliedActivation {
  activation: Activation;
  /** The layer whose output it transforms (for an activation layer, the layer itself). */
  layer: LayerIR;
  /** Path of the node to point at: the `activation` key's value, or the activation layer. */
  path: (string | number)[];
  /** Units it acts on: the last axis of the layer's output. */
  units: number;
  /** True when it acts on the model's output (after the last layer with weights). */
  onOutput: boolean;
}

/** Every non-linear activation of the model in order, hidden ones and those on the output. */
export function appliedActivations(ir: ModelIR): AppliedActivation[] {
  const output = outputLayer(ir);
  const result: AppliedActivation[] = [];
  for (const layer of ir.layers) {
    const onOutput = output !== undefined && layer.index >= output.index;
    const units = layer.outputShape[layer.outputShape.length - 1] ?? 0;
    if (isWeighted(layer) && layer.activation !== 'linear') {
      result.push({ activation: layer.activation, layer, path: [...layer.ref.path, 'activation'], units, onOutput });
    } else if (layer.type === 'activation' && layer.activation !== 'linear') {
      result.push({ activation: layer.activation, layer, path: layer.ref.path, units, onOutput });
    }
  }
  return result;
}
