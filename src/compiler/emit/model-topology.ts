/**
 * The Keras Sequential topology of a model, as tfjs-layers serializes it, so the saved model.json
 * loads with `tf.loadLayersModel` (which builds the layers from it and matches weights by name).
 */
import type { LayerIR, ModelIR } from '../ir/types.js';

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function layerConfig(layer: LayerIR): { className: string; config: { [key: string]: JsonValue } } {
  switch (layer.type) {
    case 'dense':
      return { className: 'Dense', config: { units: layer.units, activation: layer.activation, use_bias: layer.useBias } };
    case 'dropout':
      return { className: 'Dropout', config: { rate: layer.rate } };
    case 'activation':
      return { className: 'Activation', config: { activation: layer.activation } };
    case 'flatten':
      return { className: 'Flatten', config: {} };
    case 'conv2d':
      return {
        className: 'Conv2D',
        config: {
          filters: layer.filters,
          kernel_size: [...layer.kernelSize],
          strides: [...layer.strides],
          padding: layer.padding,
          data_format: 'channels_last',
          dilation_rate: [1, 1],
          activation: layer.activation,
          use_bias: layer.useBias,
        },
      };
    case 'max_pool2d':
      return {
        className: 'MaxPooling2D',
        config: { pool_size: [...layer.poolSize], strides: [...layer.strides], padding: layer.padding, data_format: 'channels_last' },
      };
    case 'batch_norm':
      return {
        className: 'BatchNormalization',
        config: { axis: -1, momentum: layer.momentum, epsilon: layer.epsilon, center: true, scale: true },
      };
  }
}

export function modelTopology(ir: ModelIR): JsonValue {
  return {
    class_name: 'Sequential',
    config: {
      name: ir.name,
      layers: ir.layers.map((layer, index) => {
        const { className, config } = layerConfig(layer);
        const inputShape: JsonValue = index === 0 ? { batch_input_shape: [null, ...ir.input.shape] } : {};
        return {
          class_name: className,
          config: { name: layer.name, trainable: true, dtype: 'float32', ...inputShape, ...config },
        };
      }),
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
}

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JSON value as a TypeScript literal in house style: single quotes, bare keys, short arrays inline. */
export function objectLiteral(value: JsonValue, indent = ''): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return `[${value.map((item) => objectLiteral(item)).join(', ')}]`;
    return `[\n${value.map((item) => `${inner}${objectLiteral(item, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const key = (name: string) => (identifierPattern.test(name) ? name : `'${name}'`);
  return `{\n${entries.map(([name, item]) => `${inner}${key(name)}: ${objectLiteral(item, inner)},`).join('\n')}\n${indent}}`;
}
