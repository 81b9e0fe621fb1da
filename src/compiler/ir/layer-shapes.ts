/** Each layer's output shape from its inputs' shapes, or undefined (with a diagnostic at the spec line) when they do not fit. */
import type { JsonPath } from '../spec/yaml-source.js';
import type { LayerSite } from './graph.js';
import type { LowerContext } from './lower-context.js';
import { pair, product, showShape, windowOutputShape } from './shapes.js';
import { windowGeometry } from '../../runtime/shared/window-geometry.js';
import { recurrentOutputShape } from './recurrent.js';
import type { Shape } from './types.js';

export interface ShapeInput {
  shape: Shape;
  /** Who produced it: `model.input`, `layer 2 (dense hidden)`. */
  producer: string;
}

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((extent, axis) => extent === b[axis]);

export function outputShape(site: LayerSite, inputs: readonly ShapeInput[], context: LowerContext, version: 1 | 2): Shape | undefined {
  const { spec, path, who } = site;
  const first = inputs[0];
  if (!first) return undefined;
  const input = first.shape;
  const producer = first.producer;
  const mismatch = (message: string, hint?: string, at: JsonPath = [...path, 'type']): undefined => {
    context.error('shape-mismatch', at, `${who}: ${message}`, { hint });
    return undefined;
  };
  switch (spec.type) {
    case 'dense':
      if (input.length === 1 || (version === 2 && input.length >= 2)) return [...input.slice(0, -1), spec.units];
      return mismatch(`dense needs a flat input [features], got ${showShape(input)} from ${producer}`, 'add {type: flatten} before this layer');
    case 'conv2d':
    case 'max_pool2d':
    case 'average_pool2d': {
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
        return mismatch(`a ${window[0]}x${window[1]} window does not fit the ${input[0]}x${input[1]} input with padding valid`, 'use padding: same or a smaller window');
      }
      return output;
    }
    case 'flatten':
      return [product(input)];
    case 'conv1d': {
      if (input.length !== 2) return mismatch(`conv1d needs an input [steps, channels], got ${showShape(input)} from ${producer}`, 'write model.input as [steps, channels], e.g. [128, 9]');
      const steps = windowGeometry(input[0] ?? 0, spec.kernel_size, spec.strides ?? 1, spec.padding ?? 'valid').outSize;
      if (steps < 1) return mismatch(`a kernel of ${spec.kernel_size} does not fit the ${input[0]} steps with padding valid`, 'use padding: same or a smaller kernel');
      return [steps, spec.filters];
    }
    case 'average_pool1d':
    case 'max_pool1d': {
      if (input.length !== 2) return mismatch(`${spec.type} needs an input [steps, channels], got ${showShape(input)} from ${producer}`);
      const window = spec.pool_size ?? 2;
      const steps = windowGeometry(input[0] ?? 0, window, spec.strides ?? window, spec.padding ?? 'valid').outSize;
      if (steps < 1) return mismatch(`a window of ${window} does not fit the ${input[0]} steps with padding valid`, 'use padding: same or a smaller window');
      return [steps, input[1] ?? 0];
    }
    case 'global_average_pool1d':
    case 'global_max_pool1d':
      if (input.length !== 2) return mismatch(`${spec.type} needs an input [steps, channels], got ${showShape(input)} from ${producer}`);
      return [input[1] ?? 0];
    case 'global_average_pool2d':
    case 'global_max_pool2d':
      if (input.length !== 3) return mismatch(`${spec.type} needs an input [height, width, channels], got ${showShape(input)} from ${producer}`);
      return [input[2] ?? 0];
    case 'dropout':
    case 'activation':
    case 'batch_norm':
    case 'drop_path':
      return [...input];
    case 'layer_norm':
      return [...input];
    case 'embedding':
      if (producer !== 'model.input' || input.length !== 1) {
        return mismatch(`embedding takes the model's token ids [positions], got ${showShape(input)} from ${producer}`, 'put the embedding first, on model.input: [block_size]');
      }
      return [...input, spec.width];
    case 'position_embedding':
    case 'causal_self_attention':
      if (input.length !== 2) {
        return mismatch(`${spec.type} needs an input [positions, width], got ${showShape(input)} from ${producer}`, 'put it after an embedding');
      }
      if (spec.type === 'causal_self_attention' && (input[1] ?? 0) % spec.heads !== 0) {
        return mismatch(`the width ${input[1]} from ${producer} is not divisible by heads: ${spec.heads}`, undefined, [...path, 'heads']);
      }
      return [...input];
    case 'lstm':
    case 'gru': {
      const shape = recurrentOutputShape(spec, first);
      return Array.isArray(shape) ? shape : mismatch(shape.error, shape.hint);
    }
    case 'add': {
      const other = inputs.find((candidate) => !sameShape(candidate.shape, input));
      if (other) {
        const position = inputs.indexOf(other);
        return mismatch(
          `add needs inputs of one shape, got ${showShape(input)} from ${producer} and ${showShape(other.shape)} from ${other.producer}`,
          undefined,
          [...path, 'from', position],
        );
      }
      return [...input];
    }
  }
}
