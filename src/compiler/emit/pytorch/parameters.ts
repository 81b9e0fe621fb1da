/**
 * Spec parameters as torch sees them (module attribute, state_dict key, layout), their initial values
 * (`init_parameters`). The runtime maps them to the tfjs names both targets save (mlpc.tfjs_weights).
 */
import type { ModelPlan, ParameterPlan } from '../plan.js';
import { call, def, statements, type CommentedStatement, type PyExpr } from './python-expr.js';
import { pyAttribute, pyFloat } from './python-source.js';
import { at } from './spec-lines.js';
import { recurrentParam } from '../../ir/recurrent.js';

/** The torch module attribute, state_dict key and layout of each spec parameter. */
export interface TorchParameter {
  parameter: ParameterPlan;
  /** `model.hidden.weight` */
  access: string;
  /** `hidden.weight` */
  key: string;
  layout: 'dense_kernel' | 'conv_kernel' | 'conv1d_kernel' | 'same';
}

/** The torch attribute path of each spec parameter name, under its layer's module. */
export const torchNames: Record<ParameterPlan['param'], string> = {
  kernel: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
  embeddings: 'weight',
  'qkv.kernel': 'c_attn.weight',
  'qkv.bias': 'c_attn.bias',
  'proj.kernel': 'c_proj.weight',
  'proj.bias': 'c_proj.bias',
};

/** The torch attribute of a parameter under its layer's module: an lstm or gru stack's as nn.LSTM / nn.GRU name them (an lstm's one bias is bias_ih; a gru's recurrent bias bias_hh). */
export function torchName(param: ParameterPlan['param']): string {
  const recurrent = recurrentParam(param);
  if (recurrent) return `${{ kernel: 'weight_ih', recurrent_kernel: 'weight_hh', bias: 'bias_ih', recurrent_bias: 'bias_hh' }[recurrent.weight]}_l${recurrent.layer}${recurrent.reverse ? '_reverse' : ''}`;
  return torchNames[param];
}

export function torchParameters(plan: ModelPlan): TorchParameter[] {
  const layers = new Map(plan.layers.map((layer) => [layer.name, layer]));
  return plan.parameters.map((parameter) => {
    const layer = layers.get(parameter.layer)!;
    const key = `${pyAttribute(parameter.layer)}.${torchName(parameter.param)}`;
    const kernelLayout = layer.type === 'conv2d' ? 'conv_kernel' : layer.type === 'conv1d' ? 'conv1d_kernel' : 'dense_kernel';
    const layout = parameter.param === 'kernel' ? kernelLayout : 'same';
    return { parameter, access: `model.${key}`, key, layout };
  });
}

/**
 * The plan's Keras axes of one output unit's incoming weights, in torch's layout: a Linear weight is
 * [out, in] (Keras [in, out]), a Conv2d weight [out, in, kh, kw] (Keras [kh, kw, in, out]).
 */
export function torchDims(layout: TorchParameter['layout'], kerasAxes: readonly number[], rank: number): string {
  let dims: number[];
  if (layout === 'dense_kernel') dims = kerasAxes.map((axis) => 1 - axis);
  else if (layout === 'conv_kernel') dims = kerasAxes.map((axis) => [2, 3, 1, 0][axis]);
  // A Conv1d weight is [out, in, k] (Keras [k, in, out]).
  else if (layout === 'conv1d_kernel') dims = kerasAxes.map((axis) => [2, 1, 0][axis]);
  else dims = [...kerasAxes];
  dims = dims.filter((axis) => axis >= 0 && axis < rank).sort((a, b) => a - b);
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** `mlpc.random_normal_(model.hidden.weight, 0.0, 0.05, <seed>)`: a parameter's initial draw. */
export function initializerCall(torch: Pick<TorchParameter, 'parameter' | 'access'>, seed: PyExpr): PyExpr {
  const { parameter, access } = torch;
  const init = parameter.init;
  switch (init.type) {
    case 'zeros':
      return call('nn.init.zeros_', access);
    case 'ones':
      return call('nn.init.ones_', access);
    case 'constant':
      return call('nn.init.constant_', access, pyFloat(init.value));
    case 'random_normal':
    case 'truncated_normal':
      return call(`mlpc.${init.type}_`, access, pyFloat(init.mean), pyFloat(init.stddev), seed);
    case 'random_uniform':
      return call('mlpc.random_uniform_', access, pyFloat(init.minval), pyFloat(init.maxval), seed);
    case 'glorot_uniform':
    case 'glorot_normal':
      return call(`mlpc.${init.type}_`, access, String(init.fanIn), String(init.fanOut), seed);
    case 'he_uniform':
    case 'he_normal':
    case 'lecun_normal':
      return call(`mlpc.${init.type}_`, access, String(init.fanIn), seed);
    case 'orthogonal':
      return call('mlpc.orthogonal_', access, pyFloat(init.gain), seed);
    case 'unit_forget_bias':
      return call('mlpc.unit_forget_bias_', access, String(init.units));
  }
}

export function initFunction(params: readonly TorchParameter[]): string[] {
  const list = params.map((torchParameter): CommentedStatement => {
    const seed = call('mlpc.derive_seed', 'seed', String(torchParameter.parameter.seedStream));
    return { prefix: '', expr: initializerCall(torchParameter, seed), comment: at(torchParameter.parameter.initLine) };
  });
  const body = ['    with torch.no_grad():', ...statements('        ', list)];
  return def('init_parameters(model, seed)', 'Initial values as the spec asks: Keras formulas, Keras fans, each from its own seed stream.', body);
}
