/**
 * Initializer statistics the rules compare against: the stddev He et al. (2015) and Glorot & Bengio
 * (2010) derive for a layer's fans and activation, and the expected square of an initial weight.
 */
import type { Activation, InitializerIR, LayerIR, ModelIR } from '../ir/types.js';
import { isWeighted } from './layer-roles.js';

export interface RecommendedInit {
  scheme: 'He' | 'Glorot' | 'LeCun';
  stddev: number;
  /** The formula with the fans filled in, e.g. "sqrt(2/784)". */
  formula: string;
}

/** He for the ReLU family (half the units are zeroed), LeCun for SELU (self-normalizing), Glorot otherwise. */
export function recommendedInit(activation: Activation, fanIn: number, fanOut: number): RecommendedInit {
  if (activation === 'relu' || activation === 'elu') {
    return { scheme: 'He', stddev: Math.sqrt(2 / fanIn), formula: `sqrt(2/${fanIn})` };
  }
  if (activation === 'selu') return { scheme: 'LeCun', stddev: Math.sqrt(1 / fanIn), formula: `sqrt(1/${fanIn})` };
  return { scheme: 'Glorot', stddev: Math.sqrt(2 / (fanIn + fanOut)), formula: `sqrt(2/(${fanIn}+${fanOut}))` };
}

/** E[w²] = mean² + variance of the values actually drawn. */
export function expectedSquare(init: InitializerIR): number {
  return init.mean * init.mean + init.effectiveStddev * init.effectiveStddev;
}

/** E[|w|] for a normal-ish draw: |mean| when the mean dominates, else sqrt(2/pi)·stddev (half-normal). */
export function expectedAbs(init: InitializerIR): number {
  return Math.max(Math.abs(init.mean), Math.sqrt(2 / Math.PI) * init.effectiveStddev);
}

/**
 * The nonlinearity applied to a parametric layer's output: its own activation, or, when it is linear,
 * that of a standalone activation layer right after it (dropout, batch_norm and max_pool2d in between
 * do not count: every activation mlpc has is monotonic, so it commutes with max pooling, the order
 * PyTorch's and LeNet-style code write: conv, pool, relu).
 */
export function effectiveActivation(ir: ModelIR, layer: LayerIR): Activation {
  if (isWeighted(layer) && layer.activation !== 'linear') return layer.activation;
  for (const next of ir.layers.slice(layer.index + 1)) {
    if (next.type === 'activation') return next.activation;
    if (next.type !== 'dropout' && next.type !== 'batch_norm' && next.type !== 'max_pool2d' && next.type !== 'max_pool1d') break;
  }
  return 'linear';
}

/** Numbers in messages: 3 significant digits, no exponent for everyday magnitudes. */
export function fmt(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(2);
  if (abs >= 100) return thousands(Math.round(value));
  return Number(value.toPrecision(3)).toString();
}

/** 802816 -> "802,816". Not toLocaleString: its first call loads ICU data, ~10 ms of a lint run's CPU. */
export function thousands(value: number): string {
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.abs(Math.trunc(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
