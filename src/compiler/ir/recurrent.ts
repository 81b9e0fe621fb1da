/**
 * Lowering of the recurrent layers (spec v2, issue #21): the lstm layer's IR, its output shape and
 * the parameters each stacked layer owns, in Keras's layout and with Keras's initializers.
 *
 * Layer l of a stack of `layers` owns `l<l>.kernel` [in, 4·units] (in = the input's width for l = 0,
 * units above), `l<l>.recurrent_kernel` [units, 4·units] and `l<l>.bias` [4·units]; the four column
 * blocks are the gates in Keras's order (i, f, c, o), which is PyTorch's (i, f, g, o). Keras holds
 * one bias; PyTorch's nn.LSTM two (bias_ih + bias_hh): the PyTorch target keeps the one bias, so the
 * parameter table and saved weights are the same in both targets.
 */
import type { InitializerSpec, LayerSpec } from '../spec/spec-types.js';
import { showShape } from './shapes.js';
import type { InitializerType, LayerIR, LstmLayer, ParamName, Shape } from './types.js';

type LstmSpec = Extract<LayerSpec, { type: 'lstm' }>;

/** The gates' order inside the 4·units columns, as Keras and PyTorch both lay them out. */
export const LSTM_GATES = ['i', 'f', 'c', 'o'] as const;

export function lowerLstm(spec: LstmSpec, base: Omit<LayerIR, 'type'>): LstmLayer {
  return {
    ...base,
    type: 'lstm',
    units: spec.units,
    layers: spec.layers ?? 1,
    returnSequences: spec.return_sequences ?? true,
    dropout: spec.dropout ?? 0,
    unitForgetBias: spec.unit_forget_bias ?? true,
  };
}

/** [T, features] → [T, units], or [units] with return_sequences: false; an error message otherwise. */
export function lstmOutputShape(spec: LstmSpec, input: { shape: Shape; producer: string }): Shape | { error: string; hint: string } {
  if (input.shape.length !== 2) {
    return {
      error: `lstm needs a sequence [positions, features], got ${showShape(input.shape)} from ${input.producer}`,
      hint: 'put it after an embedding (token ids [T] → [T, width]) or a dense layer on a sequence',
    };
  }
  return spec.return_sequences ?? true ? [input.shape[0] ?? 0, spec.units] : [spec.units];
}

export interface RecurrentParameterPlan {
  param: ParamName;
  shape: Shape;
  init: InitializerSpec | undefined;
  initField?: 'kernel_init' | 'recurrent_init';
  fallback: InitializerType;
}

/** Each stacked layer's kernel, recurrent kernel and bias, in that order (Keras's LSTMCell weights order). */
export function lstmParameterPlans(spec: LstmSpec, input: Shape): RecurrentParameterPlan[] {
  const features = input[input.length - 1] ?? 0;
  const gates = 4 * spec.units;
  const plans: RecurrentParameterPlan[] = [];
  for (let l = 0; l < (spec.layers ?? 1); l++) {
    const inputs = l === 0 ? features : spec.units;
    plans.push(
      { param: `l${l}.kernel`, shape: [inputs, gates], init: spec.kernel_init, initField: 'kernel_init', fallback: 'glorot_uniform' },
      { param: `l${l}.recurrent_kernel`, shape: [spec.units, gates], init: spec.recurrent_init, initField: 'recurrent_init', fallback: 'orthogonal' },
      // Keras's unit_forget_bias: zeros, and ones on the forget gate's slice [units, 2·units).
      { param: `l${l}.bias`, shape: [gates], init: undefined, fallback: spec.unit_forget_bias ?? true ? 'unit_forget_bias' : 'zeros' },
    );
  }
  return plans;
}

/** `l1.recurrent_kernel` → { layer: 1, weight: 'recurrent_kernel' }, or null for other parameters. */
export function recurrentParam(param: string): { layer: number; weight: 'kernel' | 'recurrent_kernel' | 'bias' } | null {
  const match = /^l(\d+)\.(kernel|recurrent_kernel|bias)$/.exec(param);
  return match ? { layer: Number(match[1]), weight: match[2] as 'kernel' | 'recurrent_kernel' | 'bias' } : null;
}
