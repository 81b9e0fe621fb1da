/** Layers: the graph's layers with names, inputs, inferred shapes, and the parameters each owns. */
import { buildGraph } from './graph.js';
import type { LayerSite, PlainLayerSpec } from './graph.js';
import type { ShapeInput } from './layer-shapes.js';
import { outputShape } from './layer-shapes.js';
import type { LowerContext } from './lower-context.js';
import { layerParameters } from './parameters.js';
import { pair } from './shapes.js';
import { lowerGru, lowerLstm } from './recurrent.js';
import { resolveTies } from './tie.js';
import type { LayerIR, ParameterIR, Shape, SpecRef } from './types.js';

export interface LoweredLayers {
  layers: LayerIR[];
  /** The spec side of each layer, same order as `layers`. */
  sites: LayerSite[];
  parameters: ParameterIR[];
  /** False after a graph or shape error: later shapes are unknown. */
  shapesKnown: boolean;
}

export function lowerLayers(context: LowerContext, inputShape: Shape): LoweredLayers {
  const graph = buildGraph(context);
  const version = context.spec.mlpc;
  const layers: LayerIR[] = [];
  const parameters: ParameterIR[] = [];
  const produced = new Map<string, ShapeInput>([['input', { shape: inputShape, producer: 'model.input' }]]);
  let shapesKnown = graph.ok;
  graph.sites.forEach((site, index) => {
    const inputs = site.inputs.map((name) => produced.get(name));
    const known = inputs.every((input): input is ShapeInput => input !== undefined);
    const output = known && shapesKnown ? outputShape(site, inputs, context, version) : undefined;
    const inputShapeOf = known ? (inputs[0]?.shape ?? []) : [];
    const params = layerParameters(site.spec, site.name, inputShapeOf, site.path, context);
    parameters.push(...params);
    const base = {
      index,
      name: site.name,
      generatedName: site.generated,
      inputs: site.inputs,
      ...(site.block ? { block: site.block } : {}),
      inputShape: inputShapeOf,
      outputShape: output ?? [],
      params: params.map((param) => param.id),
      ref: context.ref(site.path),
    };
    layers.push(toLayerIR(site.spec, base, (field) => context.ref([...site.path, field])));
    if (output === undefined) shapesKnown = false;
    else produced.set(site.name, { shape: output, producer: site.who });
  });
  if (shapesKnown) resolveTies(layers, graph.sites, parameters, context);
  return { layers, sites: graph.sites, parameters, shapesKnown };
}

function toLayerIR(spec: PlainLayerSpec, base: Omit<LayerIR, 'type'>, fieldRef: (field: string) => SpecRef): LayerIR {
  const last = base.inputShape[base.inputShape.length - 1] ?? 0;
  switch (spec.type) {
    case 'dense':
      return { ...base, type: 'dense', units: spec.units, activation: spec.activation ?? 'linear', useBias: spec.use_bias ?? true };
    case 'dropout':
      return { ...base, type: 'dropout', rate: spec.rate };
    case 'activation':
      return { ...base, type: 'activation', activation: spec.activation };
    case 'flatten':
      return { ...base, type: 'flatten' };
    case 'conv2d':
      return {
        ...base,
        type: 'conv2d',
        filters: spec.filters,
        kernelSize: pair(spec.kernel_size, [1, 1]),
        strides: pair(spec.strides, [1, 1]),
        padding: spec.padding ?? 'valid',
        activation: spec.activation ?? 'linear',
        useBias: spec.use_bias ?? true,
      };
    case 'conv1d':
      return {
        ...base,
        type: 'conv1d',
        filters: spec.filters,
        kernelSize: spec.kernel_size,
        strides: spec.strides ?? 1,
        padding: spec.padding ?? 'valid',
        activation: spec.activation ?? 'linear',
        useBias: spec.use_bias ?? true,
      };
    case 'max_pool2d': {
      const poolSize = pair(spec.pool_size, [2, 2]);
      return { ...base, type: 'max_pool2d', poolSize, strides: pair(spec.strides, poolSize), padding: spec.padding ?? 'valid' };
    }
    case 'average_pool2d': {
      const poolSize = pair(spec.pool_size, [2, 2]);
      return { ...base, type: 'average_pool2d', poolSize, strides: pair(spec.strides, poolSize), padding: spec.padding ?? 'valid' };
    }
    case 'global_average_pool2d':
    case 'global_max_pool2d':
      return { ...base, type: spec.type };
    case 'average_pool1d':
    case 'max_pool1d': {
      const poolSize = spec.pool_size ?? 2;
      return { ...base, type: spec.type, poolSize, strides: spec.strides ?? poolSize, padding: spec.padding ?? 'valid' };
    }
    case 'global_average_pool1d':
    case 'global_max_pool1d':
      return { ...base, type: spec.type };
    case 'batch_norm':
      return { ...base, type: 'batch_norm', momentum: spec.momentum ?? 0.99, epsilon: spec.epsilon ?? 0.001 };
    case 'embedding':
      return { ...base, type: 'embedding', vocabulary: spec.vocabulary, width: spec.width, rowDropout: spec.row_dropout ?? 0 };
    case 'position_embedding':
      return { ...base, type: 'position_embedding', length: base.inputShape[0] ?? 0, width: last };
    case 'layer_norm':
      // Keras' LayerNormalization default epsilon (PyTorch's nn.LayerNorm uses 1e-5).
      return { ...base, type: 'layer_norm', epsilon: spec.epsilon ?? 0.001, useBias: spec.use_bias ?? true };
    case 'causal_self_attention':
      return { ...base, type: 'causal_self_attention', heads: spec.heads, width: last, useBias: spec.use_bias ?? true, attentionDropout: spec.attention_dropout ?? 0 };
    case 'lstm':
      return lowerLstm(spec, base, fieldRef);
    case 'gru':
      return lowerGru(spec, base, fieldRef);
    case 'add':
      return { ...base, type: 'add' };
    case 'drop_path':
      return { ...base, type: 'drop_path', rate: spec.rate };
  }
}
