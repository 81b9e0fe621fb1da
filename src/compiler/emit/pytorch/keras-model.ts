/**
 * KERAS_MODEL: the topology saved in model.json, written as Keras's own layer constructors with
 * Keras's defaults left out; the runtime (mlpc_runtime/keras.py) fills them in and serializes it as
 * tfjs-layers does, the same model.json as the TypeScript target's.
 */
import type { LayerStep, ModelPlan } from '../plan.js';
import { call, kw, list, statement, type PyExpr, type PyItem } from './python-expr.js';
import { pyNumber, pyString } from './python-source.js';
import { pair } from './module.js';

const POOLING_CLASS = { max_pool2d: 'MaxPooling2D', average_pool2d: 'AveragePooling2D', max_pool1d: 'MaxPooling1D', average_pool1d: 'AveragePooling1D' };

/** A window size or stride as Keras takes it: one number, or a pair for two different extents. */
function size(value: number | readonly number[]): string {
  return typeof value === 'number' ? String(value) : pair(value);
}

function kerasLayer(layer: LayerStep): PyExpr {
  const args: PyItem[] = [];
  const option = (name: string, value: string, fallback: string) => {
    if (value !== fallback) args.push(kw(name, value));
  };
  let className: string;
  switch (layer.type) {
    case 'dense':
      className = 'Dense';
      args.push(String(layer.units));
      option('activation', pyString(layer.activation), '"linear"');
      option('use_bias', layer.useBias ? 'True' : 'False', 'True');
      break;
    case 'dropout':
      className = 'Dropout';
      args.push(pyNumber(layer.rate));
      break;
    case 'activation':
      className = 'Activation';
      args.push(pyString(layer.activation));
      break;
    case 'flatten':
      className = 'Flatten';
      break;
    case 'conv2d':
    case 'conv1d':
      className = layer.type === 'conv2d' ? 'Conv2D' : 'Conv1D';
      args.push(String(layer.filters), size(layer.kernelSize));
      option('strides', size(layer.strides), '1');
      option('padding', pyString(layer.padding), '"valid"');
      option('activation', pyString(layer.activation), '"linear"');
      option('use_bias', layer.useBias ? 'True' : 'False', 'True');
      break;
    case 'max_pool2d':
    case 'average_pool2d':
    case 'max_pool1d':
    case 'average_pool1d':
      className = POOLING_CLASS[layer.type];
      args.push(size(layer.poolSize));
      if (size(layer.strides) !== size(layer.poolSize)) args.push(kw('strides', size(layer.strides)));
      option('padding', pyString(layer.padding), '"valid"');
      break;
    case 'global_average_pool2d':
      className = 'GlobalAveragePooling2D';
      break;
    case 'global_average_pool1d':
      className = 'GlobalAveragePooling1D';
      break;
    case 'global_max_pool1d':
      className = 'GlobalMaxPooling1D';
      break;
    case 'global_max_pool2d':
      className = 'GlobalMaxPooling2D';
      break;
    case 'batch_norm':
      className = 'BatchNormalization';
      option('momentum', pyNumber(layer.momentum), '0.99');
      option('epsilon', pyNumber(layer.epsilon), '0.001');
      break;
  }
  return call(`mlpc.keras.${className}`, ...args, kw('name', pyString(layer.name)));
}

export function kerasModel(plan: ModelPlan): string[] {
  return [
    "# The topology saved in model.json (tf.loadLayersModel reads it), in Keras's words.",
    ...statement(
      '',
      'KERAS_MODEL = ',
      call('mlpc.keras.Sequential', list(plan.layers.map(kerasLayer)), kw('input_shape', `[${plan.input.shape.join(', ')}]`), kw('name', pyString(plan.name))),
    ),
  ];
}
