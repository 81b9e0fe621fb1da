/** Parameters (resolved initializers, seed streams) and the layer steps of the forward pass. */
import type { InitializerIR, ModelIR, ParamName, ParameterIR } from '../../ir/types.js';
import type { InitializerPlan, LayerStep, ParameterPlan } from '../plan.js';
import { specLine } from './spec-line.js';

/** Seed stream of a parameter's initial draw; streams below 100 are the loop's (batches, dropout). */
const parameterSeedStreamBase = 100;

function planInitializer(parameter: ParameterIR, init: InitializerIR): InitializerPlan {
  const { args } = init;
  switch (init.type) {
    case 'zeros':
    case 'ones':
      return { type: init.type };
    case 'constant':
      return { type: 'constant', value: args.value ?? 0 };
    case 'random_normal':
    case 'truncated_normal':
      return { type: init.type, mean: args.mean ?? 0, stddev: args.stddev ?? 0.05 };
    case 'random_uniform':
      return { type: 'random_uniform', minval: args.minval ?? -0.05, maxval: args.maxval ?? 0.05 };
    case 'glorot_uniform':
    case 'glorot_normal':
      return { type: init.type, fanIn: parameter.fanIn, fanOut: parameter.fanOut };
    case 'he_uniform':
    case 'he_normal':
    case 'lecun_normal':
      return { type: init.type, fanIn: parameter.fanIn };
    case 'orthogonal':
      return { type: 'orthogonal', gain: args.gain ?? 1 };
    case 'unit_forget_bias':
      return { type: 'unit_forget_bias', units: args.units ?? 0 };
  }
}

export function planParameters(ir: ModelIR): ParameterPlan[] {
  return ir.parameters.map((parameter, index) => {
    return {
      id: parameter.id,
      layer: parameter.layer,
      param: parameter.param,
      shape: [...parameter.shape],
      trainable: parameter.trainable,
      weightName: `${parameter.layer}/${parameter.param}`,
      init: planInitializer(parameter, parameter.init),
      seedStream: parameterSeedStreamBase + index,
      ...(parameter.init.ref ? { initLine: specLine(ir, parameter.init.ref.location.line) } : {}),
    };
  });
}

export function planLayers(ir: ModelIR): LayerStep[] {
  return ir.layers.map((layer): LayerStep => {
    const params: Partial<Record<ParamName, string>> = {};
    for (const parameter of ir.parameters) if (parameter.layer === layer.name) params[parameter.param] = parameter.id;
    const base = {
      index: layer.index,
      name: layer.name,
      inputShape: [...layer.inputShape],
      outputShape: [...layer.outputShape],
      params,
      line: specLine(ir, layer.ref.location.line),
    };
    switch (layer.type) {
      case 'dense':
        return { ...base, type: 'dense', units: layer.units, activation: layer.activation, useBias: layer.useBias };
      case 'dropout':
        return { ...base, type: 'dropout', rate: layer.rate };
      case 'activation':
        return { ...base, type: 'activation', activation: layer.activation };
      case 'flatten':
        return { ...base, type: 'flatten' };
      case 'conv2d':
        return {
          ...base,
          type: 'conv2d',
          filters: layer.filters,
          kernelSize: [...layer.kernelSize],
          strides: [...layer.strides],
          padding: layer.padding,
          activation: layer.activation,
          useBias: layer.useBias,
        };
      case 'conv1d':
        return {
          ...base,
          type: 'conv1d',
          filters: layer.filters,
          kernelSize: layer.kernelSize,
          strides: layer.strides,
          padding: layer.padding,
          activation: layer.activation,
          useBias: layer.useBias,
        };
      case 'max_pool2d':
        return { ...base, type: 'max_pool2d', poolSize: [...layer.poolSize], strides: [...layer.strides], padding: layer.padding };
      case 'average_pool2d':
        return { ...base, type: 'average_pool2d', poolSize: [...layer.poolSize], strides: [...layer.strides], padding: layer.padding };
      case 'global_average_pool2d':
      case 'global_max_pool2d':
        return { ...base, type: layer.type };
      case 'average_pool1d':
      case 'max_pool1d':
        return { ...base, type: layer.type, poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding };
      case 'global_average_pool1d':
      case 'global_max_pool1d':
        return { ...base, type: layer.type };
      case 'batch_norm':
        return {
          ...base,
          type: 'batch_norm',
          momentum: layer.momentum,
          epsilon: layer.epsilon,
          movingStatistics: { mean: `${layer.name}.moving_mean`, variance: `${layer.name}.moving_variance` },
        };
      default:
        // The build refuses graph layers before planning (unsupportedByPrinters) until the printers support them.
        throw new Error(`the plan does not support layer type ${layer.type} yet`);
    }
  });
}
