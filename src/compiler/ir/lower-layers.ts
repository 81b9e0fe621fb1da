/** Layers: names, inferred shapes, and the parameters each owns. */
import type { LayerSpec } from '../spec/spec-types.js';
import { resolveLayerNames } from './layer-names.js';
import type { LowerContext } from './lower-context.js';
import { layerParameters } from './parameters.js';
import { pair, product, showShape, windowOutputShape } from './shapes.js';
import type { LayerIR, ParameterIR, Shape } from './types.js';

export interface LoweredLayers {
  layers: LayerIR[];
  parameters: ParameterIR[];
  /** False after a shape error: later shapes are unknown. */
  shapesKnown: boolean;
}

function describe(index: number, name: string, type: string): string {
  return `layer ${index + 1} (${type} ${name})`;
}

export function lowerLayers(context: LowerContext, inputShape: Shape): LoweredLayers {
  const specs = context.spec.model.layers;
  const names = resolveLayerNames(specs, context);
  const layers: LayerIR[] = [];
  const parameters: ParameterIR[] = [];
  let shape: Shape | undefined = inputShape;
  let producer = 'model.input';
  specs.forEach((spec, index) => {
    const { name, generated } = names[index] ?? { name: `${spec.type}_${index + 1}`, generated: true };
    const path = ['model', 'layers', index];
    const who = describe(index, name, spec.type);
    const input: Shape | undefined = shape;
    const output = input === undefined ? undefined : outputShape(spec, input, context, path, who, producer);
    const known = input ?? [];
    const params = layerParameters(spec, name, known, path, context);
    parameters.push(...params);
    const base = {
      index,
      name,
      generatedName: generated,
      inputs: [index === 0 ? 'input' : (layers[index - 1]?.name ?? 'input')],
      inputShape: known,
      outputShape: output ?? [],
      params: params.map((param) => param.id),
      ref: context.ref(path),
    };
    layers.push(toLayerIR(spec, base));
    shape = output;
    producer = who;
  });
  return { layers, parameters, shapesKnown: shape !== undefined };
}

function toLayerIR(spec: LayerSpec, base: Omit<LayerIR, 'type'>): LayerIR {
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
    case 'max_pool2d': {
      const poolSize = pair(spec.pool_size, [2, 2]);
      return { ...base, type: 'max_pool2d', poolSize, strides: pair(spec.strides, poolSize), padding: spec.padding ?? 'valid' };
    }
    case 'batch_norm':
      return { ...base, type: 'batch_norm', momentum: spec.momentum ?? 0.99, epsilon: spec.epsilon ?? 0.001 };
  }
}

/** The layer's output shape, or undefined (with a diagnostic) when its input does not fit. */
function outputShape(spec: LayerSpec, input: Shape, context: LowerContext, path: (string | number)[], who: string, producer: string): Shape | undefined {
  const mismatch = (message: string, hint?: string): undefined => {
    context.error('shape-mismatch', [...path, 'type'], `${who}: ${message}`, { hint });
    return undefined;
  };
  switch (spec.type) {
    case 'dense':
      if (input.length !== 1) {
        return mismatch(
          `dense needs a flat input [features], got ${showShape(input)} from ${producer}`,
          'add {type: flatten} before this layer',
        );
      }
      return [spec.units];
    case 'conv2d':
    case 'max_pool2d': {
      if (input.length !== 3) {
        return mismatch(
          `${spec.type} needs an input [height, width, channels], got ${showShape(input)} from ${producer}`,
          producer === 'model.input' ? 'write model.input as [height, width, channels], e.g. [28, 28, 1]' : undefined,
        );
      }
      const window = spec.type === 'conv2d' ? pair(spec.kernel_size, [1, 1]) : pair(spec.pool_size, [2, 2]);
      const strides = pair(spec.strides, spec.type === 'conv2d' ? [1, 1] : window);
      const channels = spec.type === 'conv2d' ? spec.filters : (input[2] ?? 0);
      const output = windowOutputShape(input, window, strides, spec.padding ?? 'valid', channels);
      if ((output[0] ?? 0) < 1 || (output[1] ?? 0) < 1) {
        return mismatch(
          `a ${window[0]}x${window[1]} window does not fit the ${input[0]}x${input[1]} input with padding valid`,
          'use padding: same or a smaller window',
        );
      }
      return output;
    }
    case 'flatten':
      return [product(input)];
    case 'dropout':
    case 'activation':
    case 'batch_norm':
      return [...input];
  }
}
