/** The parameters a layer owns, with shapes, fans and initializers (regularizers come later, from the rules). */
import type { InitializerSpec, LayerSpec } from '../spec/spec-types.js';
import { computeFans, lowerInitializer } from './initializers.js';
import type { LowerContext } from './lower-context.js';
import { product } from './shapes.js';
import type { InitializerType, ParamKind, ParamName, ParameterIR, Shape } from './types.js';

interface ParameterPlan {
  param: ParamName;
  shape: Shape;
  trainable: boolean;
  init: InitializerSpec | undefined;
  initField?: 'kernel_init' | 'bias_init';
  fallback: InitializerType;
}

function plan(spec: LayerSpec, input: Shape): ParameterPlan[] {
  switch (spec.type) {
    case 'dense':
    case 'conv2d': {
      const inputs = input[input.length - 1] ?? 0;
      const outputs = spec.type === 'dense' ? spec.units : spec.filters;
      const kernelShape =
        spec.type === 'dense' ? [inputs, outputs] : [...(typeof spec.kernel_size === 'number' ? [spec.kernel_size, spec.kernel_size] : spec.kernel_size), inputs, outputs];
      const plans: ParameterPlan[] = [
        { param: 'kernel', shape: kernelShape, trainable: true, init: spec.kernel_init, initField: 'kernel_init', fallback: 'glorot_uniform' },
      ];
      if (spec.use_bias ?? true) {
        plans.push({ param: 'bias', shape: [outputs], trainable: true, init: spec.bias_init, initField: 'bias_init', fallback: 'zeros' });
      }
      return plans;
    }
    case 'batch_norm': {
      const channels = [input[input.length - 1] ?? 0];
      return [
        { param: 'gamma', shape: channels, trainable: true, init: undefined, fallback: 'ones' },
        { param: 'beta', shape: channels, trainable: true, init: undefined, fallback: 'zeros' },
        { param: 'moving_mean', shape: channels, trainable: false, init: undefined, fallback: 'zeros' },
        { param: 'moving_variance', shape: channels, trainable: false, init: undefined, fallback: 'ones' },
      ];
    }
    default:
      return [];
  }
}

export function layerParameters(spec: LayerSpec, layer: string, input: Shape, path: (string | number)[], context: LowerContext): ParameterIR[] {
  return plan(spec, input).map((entry) => {
    const fans = computeFans(entry.shape);
    const ref = entry.init !== undefined && entry.initField ? context.ref([...path, entry.initField]) : undefined;
    return {
      id: `${layer}.${entry.param}`,
      layer,
      param: entry.param,
      shape: entry.shape,
      count: product(entry.shape),
      trainable: entry.trainable,
      fanIn: fans.fanIn,
      fanOut: fans.fanOut,
      init: lowerInitializer(entry.init, entry.fallback, fans, ref),
      regularizers: [],
      constraints: [],
      weightDecay: false,
      kind: kindOf(entry.param),
      ndim: entry.shape.length,
      aliases: [],
    };
  });
}

function kindOf(param: ParamName): ParamKind {
  switch (param) {
    case 'kernel':
    case 'qkv.kernel':
    case 'proj.kernel':
      return 'kernel';
    case 'bias':
    case 'qkv.bias':
    case 'proj.bias':
      return 'bias';
    case 'embeddings':
      return 'embedding';
    case 'gamma':
      return 'norm_gain';
    case 'beta':
      return 'norm_bias';
    case 'moving_mean':
    case 'moving_variance':
      return 'moving_stat';
  }
}
