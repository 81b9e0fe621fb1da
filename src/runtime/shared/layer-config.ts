/**
 * A model's layers as one compact description: what a model file lists once, from which the runtime
 * writes the saved model's Keras topology, finds the weights it holds transposed and walks the
 * `--workers` split. Pure and import-free (src/runtime/shared/), so the compiler builds the same
 * topology from it for the PyTorch target.
 */

export type Activation = 'linear' | 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'softmax';

export type LayerConfig =
  | { type: 'dense'; name: string; units: number; activation: Activation; useBias: boolean }
  | { type: 'dropout'; name: string; rate: number }
  | { type: 'activation'; name: string; activation: Activation }
  | { type: 'flatten'; name: string }
  | {
      type: 'conv2d';
      name: string;
      filters: number;
      kernelSize: [number, number];
      strides: [number, number];
      padding: 'valid' | 'same';
      activation: Activation;
      useBias: boolean;
    }
  | {
      type: 'conv1d';
      name: string;
      filters: number;
      kernelSize: number;
      strides: number;
      padding: 'valid' | 'same';
      activation: Activation;
      useBias: boolean;
    }
  | { type: 'max_pool2d'; name: string; poolSize: [number, number]; strides: [number, number]; padding: 'valid' | 'same' }
  | { type: 'average_pool2d'; name: string; poolSize: [number, number]; strides: [number, number]; padding: 'valid' | 'same' }
  | { type: 'global_average_pool2d' | 'global_max_pool2d'; name: string }
  | { type: 'average_pool1d' | 'max_pool1d'; name: string; poolSize: number; strides: number; padding: 'valid' | 'same' }
  | { type: 'global_average_pool1d' | 'global_max_pool1d'; name: string }
  | { type: 'batch_norm'; name: string; momentum: number; epsilon: number };

/**
 * Dense kernels are held units-major, [units, in] (on tfjs-wasm XNNPACK then never repacks them in the
 * forward product; torch.nn.Linear's own layout); they are drawn and saved in Keras's [in, units].
 */
export function isUnitsMajor(layerType: LayerConfig['type'], param: string): boolean {
  return layerType === 'dense' && param === 'kernel';
}

type KerasJson = string | number | boolean | null | KerasJson[] | { [key: string]: KerasJson };

function kerasLayer(layer: LayerConfig): { className: string; config: { [key: string]: KerasJson } } {
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
    case 'conv1d':
      return {
        className: 'Conv1D',
        config: {
          filters: layer.filters,
          kernel_size: [layer.kernelSize],
          strides: [layer.strides],
          padding: layer.padding,
          data_format: 'channels_last',
          dilation_rate: [1],
          activation: layer.activation,
          use_bias: layer.useBias,
        },
      };
    case 'max_pool2d':
      return {
        className: 'MaxPooling2D',
        config: { pool_size: [...layer.poolSize], strides: [...layer.strides], padding: layer.padding, data_format: 'channels_last' },
      };
    case 'average_pool2d':
      return {
        className: 'AveragePooling2D',
        config: { pool_size: [...layer.poolSize], strides: [...layer.strides], padding: layer.padding, data_format: 'channels_last' },
      };
    case 'global_average_pool2d':
      return { className: 'GlobalAveragePooling2D', config: { data_format: 'channels_last' } };
    case 'global_max_pool2d':
      return { className: 'GlobalMaxPooling2D', config: { data_format: 'channels_last' } };
    case 'average_pool1d':
    case 'max_pool1d':
      return {
        className: layer.type === 'max_pool1d' ? 'MaxPooling1D' : 'AveragePooling1D',
        config: { pool_size: [layer.poolSize], strides: [layer.strides], padding: layer.padding, data_format: 'channels_last' },
      };
    case 'global_average_pool1d':
      return { className: 'GlobalAveragePooling1D', config: { data_format: 'channels_last' } };
    case 'global_max_pool1d':
      return { className: 'GlobalMaxPooling1D', config: { data_format: 'channels_last' } };
    case 'batch_norm':
      return {
        className: 'BatchNormalization',
        config: { axis: -1, momentum: layer.momentum, epsilon: layer.epsilon, center: true, scale: true },
      };
  }
}

/**
 * The Keras Sequential topology of a model, as tfjs-layers serializes it, so the saved model.json
 * loads with `tf.loadLayersModel` (which builds the layers from it and matches weights by name).
 */
export function kerasTopology(name: string, inputShape: readonly number[], layers: readonly LayerConfig[]): { [key: string]: KerasJson } {
  return {
    class_name: 'Sequential',
    config: {
      name,
      layers: layers.map((layer, index) => {
        const { className, config } = kerasLayer(layer);
        const batchInputShape: { [key: string]: KerasJson } = index === 0 ? { batch_input_shape: [null, ...inputShape] } : {};
        return {
          class_name: className,
          config: { name: layer.name, trainable: true, dtype: 'float32', ...batchInputShape, ...config },
        };
      }),
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
}
