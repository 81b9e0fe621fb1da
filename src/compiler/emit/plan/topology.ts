/**
 * The Keras Sequential topology of a model, as tfjs-layers serializes it, so the saved model.json
 * loads with `tf.loadLayersModel` (which builds the layers from it and matches weights by name).
 */
import type { LayerIR, ModelIR } from '../../ir/types.js';
import type { JsonValue } from '../plan.js';

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
    default:
      // The build refuses graph layers before planning (unsupportedByPrinters) until the printers support them.
      throw new Error(`no Keras Sequential topology for layer type ${layer.type}`);
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
