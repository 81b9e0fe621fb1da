/**
 * The layers as the runtimes' compact description (LayerConfig) and the Keras Sequential topology
 * saved as model.json, built from it by the one function the TypeScript runtime also runs.
 */
import { type Activation, type LayerConfig, kerasTopology } from '../../../runtime/shared/layer-config.js';
import type { Activation as SpecActivation } from '../../ir/types.js';
import type { JsonValue, LayerStep } from '../plan.js';

/** The Keras Sequential topology has no gelu layer here: spec v2 models are refused before planning (unsupportedByPrinters). */
function sequentialActivation(activation: SpecActivation): Activation {
  if (activation === 'gelu') throw new Error('gelu has no Keras Sequential topology in the TypeScript runtime');
  return activation;
}

export function layerConfig(layer: LayerStep): LayerConfig {
  const { name } = layer;
  switch (layer.type) {
    case 'dense':
      return { type: 'dense', name, units: layer.units, activation: sequentialActivation(layer.activation), useBias: layer.useBias };
    case 'dropout':
      return { type: 'dropout', name, rate: layer.rate };
    case 'activation':
      return { type: 'activation', name, activation: sequentialActivation(layer.activation) };
    case 'flatten':
      return { type: 'flatten', name };
    case 'conv2d':
      return {
        type: 'conv2d',
        name,
        filters: layer.filters,
        kernelSize: [...layer.kernelSize],
        strides: [...layer.strides],
        padding: layer.padding,
        activation: sequentialActivation(layer.activation),
        useBias: layer.useBias,
      };
    case 'conv1d':
      return {
        type: 'conv1d',
        name,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides,
        padding: layer.padding,
        activation: sequentialActivation(layer.activation),
        useBias: layer.useBias,
      };
    case 'max_pool2d':
      return { type: 'max_pool2d', name, poolSize: [...layer.poolSize], strides: [...layer.strides], padding: layer.padding };
    case 'average_pool2d':
      return { type: 'average_pool2d', name, poolSize: [...layer.poolSize], strides: [...layer.strides], padding: layer.padding };
    case 'global_average_pool2d':
    case 'global_max_pool2d':
      return { type: layer.type, name };
    case 'average_pool1d':
    case 'max_pool1d':
      return { type: layer.type, name, poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding };
    case 'global_average_pool1d':
    case 'global_max_pool1d':
      return { type: layer.type, name };
    case 'batch_norm':
      return { type: 'batch_norm', name, momentum: layer.momentum, epsilon: layer.epsilon };
  }
}

export function modelTopology(name: string, inputShape: readonly number[], layers: readonly LayerStep[]): JsonValue {
  return kerasTopology(name, inputShape, layers.map(layerConfig));
}
