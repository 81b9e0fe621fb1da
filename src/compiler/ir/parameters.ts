/** The parameters a layer owns, with shapes, fans and initializers (regularizers come later, from the rules). */
import type { InitializerSpec, LayerSpec } from '../spec/spec-types.js';
import { computeFans, lowerInitializer } from './initializers.js';
import type { LowerContext } from './lower-context.js';
import { recurrentParam, recurrentParameterPlans } from './recurrent.js';
import { product } from './shapes.js';
import type { InitializerType, ParamKind, ParamName, ParameterIR, Shape } from './types.js';

interface ParameterPlan {
  param: ParamName;
  shape: Shape;
  trainable: boolean;
  init: InitializerSpec | undefined;
  initField?: 'kernel_init' | 'bias_init' | 'init' | 'proj_init' | 'recurrent_init';
  fallback: InitializerType;
}

/** Keras' Embedding default (random_uniform ±0.05); PyTorch's nn.Embedding draws N(0, 1). */
const EMBEDDING_INIT: InitializerType = 'random_uniform';

function plan(spec: LayerSpec, input: Shape): ParameterPlan[] {
  const last = input[input.length - 1] ?? 0;
  switch (spec.type) {
    case 'dense':
    case 'conv1d':
    case 'conv2d': {
      const outputs = spec.type === 'dense' ? spec.units : spec.filters;
      const window = spec.type === 'dense' ? [] : spec.type === 'conv1d' ? [spec.kernel_size] : typeof spec.kernel_size === 'number' ? [spec.kernel_size, spec.kernel_size] : spec.kernel_size;
      const kernelShape = [...window, last, outputs];
      const plans: ParameterPlan[] = [];
      // A tied dense layer owns no kernel: it uses its owner's tensor (tie.ts).
      if (spec.type !== 'dense' || spec.tie === undefined) {
        plans.push({ param: 'kernel', shape: kernelShape, trainable: true, init: spec.kernel_init, initField: 'kernel_init', fallback: 'glorot_uniform' });
      }
      if (spec.use_bias ?? true) {
        plans.push({ param: 'bias', shape: [outputs], trainable: true, init: spec.bias_init, initField: 'bias_init', fallback: 'zeros' });
      }
      return plans;
    }
    case 'batch_norm': {
      const channels = [last];
      return [
        { param: 'gamma', shape: channels, trainable: true, init: undefined, fallback: 'ones' },
        { param: 'beta', shape: channels, trainable: true, init: undefined, fallback: 'zeros' },
        { param: 'moving_mean', shape: channels, trainable: false, init: undefined, fallback: 'zeros' },
        { param: 'moving_variance', shape: channels, trainable: false, init: undefined, fallback: 'ones' },
      ];
    }
    case 'embedding':
      return [{ param: 'embeddings', shape: [spec.vocabulary, spec.width], trainable: true, init: spec.init, initField: 'init', fallback: EMBEDDING_INIT }];
    case 'position_embedding':
      return [{ param: 'embeddings', shape: [input[0] ?? 0, last], trainable: true, init: spec.init, initField: 'init', fallback: EMBEDDING_INIT }];
    case 'layer_norm': {
      const plans: ParameterPlan[] = [{ param: 'gamma', shape: [last], trainable: true, init: undefined, fallback: 'ones' }];
      if (spec.use_bias ?? true) plans.push({ param: 'beta', shape: [last], trainable: true, init: undefined, fallback: 'zeros' });
      return plans;
    }
    case 'causal_self_attention': {
      const useBias = spec.use_bias ?? true;
      const projInit = spec.proj_init ?? spec.kernel_init;
      const plans: ParameterPlan[] = [
        { param: 'qkv.kernel', shape: [last, 3 * last], trainable: true, init: spec.kernel_init, initField: 'kernel_init', fallback: 'glorot_uniform' },
      ];
      if (useBias) plans.push({ param: 'qkv.bias', shape: [3 * last], trainable: true, init: undefined, fallback: 'zeros' });
      plans.push({
        param: 'proj.kernel',
        shape: [last, last],
        trainable: true,
        init: projInit,
        initField: spec.proj_init !== undefined ? 'proj_init' : 'kernel_init',
        fallback: 'glorot_uniform',
      });
      if (useBias) plans.push({ param: 'proj.bias', shape: [last], trainable: true, init: undefined, fallback: 'zeros' });
      return plans;
    }
    case 'lstm':
    case 'gru':
      return recurrentParameterPlans(spec, input).map((entry) => ({ ...entry, trainable: true }));
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
  const recurrent = recurrentParam(param);
  if (recurrent) return recurrent.weight === 'recurrent_bias' ? 'bias' : recurrent.weight;
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
    default:
      throw new Error(`internal: no kind for parameter ${param}`);
  }
}
