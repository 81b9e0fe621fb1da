/**
 * Lowering of the recurrent layers (spec v2, issue #21): the lstm and gru layers' IR, their output
 * shape and the parameters each stacked layer owns, in Keras's layout and with Keras's initializers.
 *
 * Layer l of a stack of `layers` owns `l<l>.kernel` [in, 4·units] (in = the input's width for l = 0,
 * units above), `l<l>.recurrent_kernel` [units, 4·units] and `l<l>.bias` [4·units]; the four column
 * blocks are the gates in Keras's order (i, f, c, o), which is PyTorch's (i, f, g, o). Keras holds
 * one bias; PyTorch's nn.LSTM two (bias_ih + bias_hh): the PyTorch target keeps the one bias, so the
 * parameter table and saved weights are the same in both targets.
 *
 * A gru layer (Keras reset_after=True, PyTorch nn.GRU) owns `l<l>.kernel` [in, 3·units],
 * `l<l>.recurrent_kernel` [units, 3·units], `l<l>.bias` (on x·K) and `l<l>.recurrent_bias` (on h·R,
 * inside the reset gate's product) [3·units]: Keras holds the two biases as one [2, 3·units], PyTorch
 * as bias_ih and bias_hh. Keras's gate order is (z, r, h), PyTorch's (r, z, n): the PyTorch target
 * permutes the blocks in its forward, so the table is Keras's in both targets.
 *
 * bidirectional (Keras Bidirectional(merge_mode='concat'), PyTorch bidirectional=True): layer l also
 * owns `l<l>_reverse.*`, the same tensors for the direction that reads the sequence from its end
 * (PyTorch's `weight_ih_l<l>_reverse`, …), each initialized on its own as Keras's backward layer; each
 * layer's output is [forward h, backward h] (2·units wide), the input of the next layer.
 */
import type { InitializerSpec, LayerSpec } from '../spec/spec-types.js';
import { showShape } from './shapes.js';
import type { GruLayer, InitializerType, LayerIR, LstmLayer, ParamName, RecurrentPlacementField, RecurrentPlacements, Shape, SpecRef } from './types.js';

type LstmSpec = Extract<LayerSpec, { type: 'lstm' }>;
type GruSpec = Extract<LayerSpec, { type: 'gru' }>;
type RecurrentSpec = LstmSpec | GruSpec;

/** The gates' order inside the 4·units columns, as Keras and PyTorch both lay them out. */
export const LSTM_GATES = ['i', 'f', 'c', 'o'] as const;

const PLACEMENT_FIELDS: readonly RecurrentPlacementField[] = ['input_dropout', 'recurrent_dropout', 'weight_drop', 'activation_regularization', 'temporal_activation_regularization'];

/** The placements of docs/spec-v2.md#recurrent-dropout, 0 when absent, with the line of each field set. */
export function lowerPlacements(spec: RecurrentSpec, fieldRef: (field: string) => SpecRef): RecurrentPlacements {
  const refs: RecurrentPlacements['refs'] = {};
  for (const field of PLACEMENT_FIELDS) if (spec[field] !== undefined) refs[field] = fieldRef(field);
  return {
    inputDropout: spec.input_dropout ?? 0,
    recurrentDropout: spec.recurrent_dropout ?? 0,
    weightDrop: spec.weight_drop ?? 0,
    activationRegularization: spec.activation_regularization ?? 0,
    temporalActivationRegularization: spec.temporal_activation_regularization ?? 0,
    refs,
  };
}

export function lowerLstm(spec: LstmSpec, base: Omit<LayerIR, 'type'>, fieldRef: (field: string) => SpecRef): LstmLayer {
  return {
    ...base,
    type: 'lstm',
    units: spec.units,
    layers: spec.layers ?? 1,
    bidirectional: spec.bidirectional ?? false,
    returnSequences: spec.return_sequences ?? true,
    dropout: spec.dropout ?? 0,
    unitForgetBias: spec.unit_forget_bias ?? true,
    placements: lowerPlacements(spec, fieldRef),
  };
}

export function lowerGru(spec: GruSpec, base: Omit<LayerIR, 'type'>, fieldRef: (field: string) => SpecRef): GruLayer {
  return {
    ...base,
    type: 'gru',
    units: spec.units,
    layers: spec.layers ?? 1,
    bidirectional: spec.bidirectional ?? false,
    returnSequences: spec.return_sequences ?? true,
    dropout: spec.dropout ?? 0,
    placements: lowerPlacements(spec, fieldRef),
  };
}

/** The output width: units, 2·units when bidirectional. */
export function recurrentWidth(spec: RecurrentSpec): number {
  return spec.units * (spec.bidirectional ? 2 : 1);
}

/** The directions of each stacked layer, as parameter name suffixes: forward '' and, bidirectional, '_reverse'. */
function directions(spec: RecurrentSpec): ('' | '_reverse')[] {
  return spec.bidirectional ? ['', '_reverse'] : [''];
}

/** [T, features] → [T, units], or [units] with return_sequences: false (2·units each when bidirectional); an error message otherwise. */
export function recurrentOutputShape(spec: RecurrentSpec, input: { shape: Shape; producer: string }): Shape | { error: string; hint: string } {
  if (input.shape.length !== 2) {
    return {
      error: `${spec.type} needs a sequence [positions, features], got ${showShape(input.shape)} from ${input.producer}`,
      hint: 'put it after an embedding (token ids [T] → [T, width]) or a dense layer on a sequence',
    };
  }
  return spec.return_sequences ?? true ? [input.shape[0] ?? 0, recurrentWidth(spec)] : [recurrentWidth(spec)];
}

export interface RecurrentParameterPlan {
  param: ParamName;
  shape: Shape;
  init: InitializerSpec | undefined;
  initField?: 'kernel_init' | 'recurrent_init';
  fallback: InitializerType;
}

/** Each stacked layer's kernel, recurrent kernel and bias (a gru's: and recurrent bias), in that order (Keras's cell weights order), forward then reverse (nn.LSTM's order). */
export function recurrentParameterPlans(spec: RecurrentSpec, input: Shape): RecurrentParameterPlan[] {
  const features = input[input.length - 1] ?? 0;
  const gates = (spec.type === 'lstm' ? 4 : 3) * spec.units;
  if (spec.type === 'gru') {
    return Array.from({ length: spec.layers ?? 1 }, (_, l): RecurrentParameterPlan[] =>
      directions(spec).flatMap((d): RecurrentParameterPlan[] => [
        { param: `l${l}${d}.kernel`, shape: [l === 0 ? features : recurrentWidth(spec), gates], init: spec.kernel_init, initField: 'kernel_init', fallback: 'glorot_uniform' },
        { param: `l${l}${d}.recurrent_kernel`, shape: [spec.units, gates], init: spec.recurrent_init, initField: 'recurrent_init', fallback: 'orthogonal' },
        { param: `l${l}${d}.bias`, shape: [gates], init: undefined, fallback: 'zeros' },
        { param: `l${l}${d}.recurrent_bias`, shape: [gates], init: undefined, fallback: 'zeros' },
      ]),
    ).flat();
  }
  const plans: RecurrentParameterPlan[] = [];
  for (let l = 0; l < (spec.layers ?? 1); l++) {
    const inputs = l === 0 ? features : recurrentWidth(spec);
    for (const d of directions(spec)) {
      plans.push(
        { param: `l${l}${d}.kernel`, shape: [inputs, gates], init: spec.kernel_init, initField: 'kernel_init', fallback: 'glorot_uniform' },
        { param: `l${l}${d}.recurrent_kernel`, shape: [spec.units, gates], init: spec.recurrent_init, initField: 'recurrent_init', fallback: 'orthogonal' },
        // Keras's unit_forget_bias: zeros, and ones on the forget gate's slice [units, 2·units).
        { param: `l${l}${d}.bias`, shape: [gates], init: undefined, fallback: spec.unit_forget_bias ?? true ? 'unit_forget_bias' : 'zeros' },
      );
    }
  }
  return plans;
}

export type RecurrentWeight = 'kernel' | 'recurrent_kernel' | 'bias' | 'recurrent_bias';

/** `l1.recurrent_kernel` → { layer: 1, weight: 'recurrent_kernel', reverse: false } (`l1_reverse.…`: reverse), or null for other parameters. */
export function recurrentParam(param: string): { layer: number; weight: RecurrentWeight; reverse: boolean } | null {
  const match = /^l(\d+)(_reverse)?\.(kernel|recurrent_kernel|bias|recurrent_bias)$/.exec(param);
  return match ? { layer: Number(match[1]), weight: match[3] as RecurrentWeight, reverse: match[2] !== undefined } : null;
}
