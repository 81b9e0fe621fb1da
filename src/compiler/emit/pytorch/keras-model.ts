/**
 * KERAS_MODEL: the topology saved in model.json, written as Keras's own layer constructors with
 * Keras's defaults left out; the runtime (mlpc_runtime/keras.py) fills them in and serializes it as
 * tfjs-layers does, the same model.json as the TypeScript target's.
 */
import type { LayerStep, ModelPlan } from '../plan.js';
import { call, kw, list, statement, type PyExpr, type PyItem } from './python-expr.js';
import { pyNumber, pyString } from './python-source.js';
import { pair } from './module.js';

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
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
      className = 'Conv2D';
      args.push(String(layer.filters), pair(layer.kernelSize));
      option('strides', pair(layer.strides), '1');
      option('padding', pyString(layer.padding), '"valid"');
      option('activation', pyString(layer.activation), '"linear"');
      option('use_bias', layer.useBias ? 'True' : 'False', 'True');
      break;
    case 'conv1d':
      className = 'Conv1D';
      args.push(String(layer.filters), String(layer.kernelSize));
      option('strides', String(layer.strides), '1');
      option('padding', pyString(layer.padding), '"valid"');
      option('activation', pyString(layer.activation), '"linear"');
      option('use_bias', layer.useBias ? 'True' : 'False', 'True');
      break;
    case 'max_pool2d':
      className = 'MaxPooling2D';
      args.push(pair(layer.poolSize));
      if (!same(layer.strides, layer.poolSize)) args.push(kw('strides', pair(layer.strides)));
      option('padding', pyString(layer.padding), '"valid"');
      break;
    case 'average_pool2d':
      className = 'AveragePooling2D';
      args.push(pair(layer.poolSize));
      if (!same(layer.strides, layer.poolSize)) args.push(kw('strides', pair(layer.strides)));
      option('padding', pyString(layer.padding), '"valid"');
      break;
    case 'global_average_pool2d':
      className = 'GlobalAveragePooling2D';
      break;
    case 'average_pool1d':
    case 'max_pool1d':
      className = layer.type === 'max_pool1d' ? 'MaxPooling1D' : 'AveragePooling1D';
      args.push(String(layer.poolSize));
      if (layer.strides !== layer.poolSize) args.push(kw('strides', String(layer.strides)));
      option('padding', pyString(layer.padding), '"valid"');
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
