/**
 * Initializers with Keras' defaults and the standard deviation of the values they actually draw,
 * for the parameter's fans (Keras' VarianceScaling: glorot = fan_avg, he = 2/fan_in, lecun = 1/fan_in).
 */
import type { InitializerSpec } from '../spec/spec-types.js';
import type { InitializerIR, InitializerType, SpecRef } from './types.js';

/** Stddev of a normal cut at two standard deviations, relative to the uncut one (scipy truncnorm(-2, 2).std()). */
export const TRUNCATED_NORMAL_STDDEV_FACTOR = 0.87962566103423978;

export interface Fans {
  fanIn: number;
  fanOut: number;
}

export function lowerInitializer(spec: InitializerSpec | undefined, fallback: InitializerType, fans: Fans, ref: SpecRef | undefined): InitializerIR {
  const written = typeof spec === 'string' ? { type: spec } : spec;
  const type = written?.type ?? fallback;
  const args: InitializerIR['args'] = {};
  let mean = 0;
  let effectiveStddev = 0;
  switch (type) {
    case 'zeros':
      break;
    case 'ones':
      mean = 1;
      break;
    case 'constant':
      args.value = written?.value ?? 0;
      mean = args.value;
      break;
    case 'random_normal':
    case 'truncated_normal':
      args.mean = written?.mean ?? 0;
      args.stddev = written?.stddev ?? 0.05;
      mean = args.mean;
      effectiveStddev = type === 'truncated_normal' ? args.stddev * TRUNCATED_NORMAL_STDDEV_FACTOR : args.stddev;
      break;
    case 'random_uniform':
      args.minval = written?.minval ?? -0.05;
      args.maxval = written?.maxval ?? 0.05;
      mean = (args.minval + args.maxval) / 2;
      effectiveStddev = Math.abs(args.maxval - args.minval) / Math.sqrt(12);
      break;
    case 'glorot_uniform':
    case 'glorot_normal':
      // Keras draws glorot_normal from a truncated normal divided by the factor above: the drawn stddev is exact.
      effectiveStddev = Math.sqrt(2 / (fans.fanIn + fans.fanOut));
      break;
    case 'he_uniform':
    case 'he_normal':
      effectiveStddev = Math.sqrt(2 / fans.fanIn);
      break;
    case 'lecun_normal':
      effectiveStddev = Math.sqrt(1 / fans.fanIn);
      break;
    case 'orthogonal':
      // Keras Orthogonal: a [rows, cols] matrix with orthonormal rows (or columns) times gain; each of its
      // min(rows, cols) unit vectors spreads over max(rows, cols) entries (exact for 2-d kernels).
      args.gain = written?.gain ?? 1;
      effectiveStddev = args.gain / Math.sqrt(Math.max(fans.fanIn, fans.fanOut, 1));
      break;
    case 'unit_forget_bias':
      // An LSTM bias [4·units]: zeros, ones on the forget gate's quarter.
      args.units = Math.floor(fans.fanIn / 4);
      mean = 0.25;
      effectiveStddev = Math.sqrt(0.25 * 0.75);
      break;
  }
  const initializer: InitializerIR = { type, args, mean, effectiveStddev };
  if (ref) initializer.ref = ref;
  return initializer;
}

/** Keras' compute_fans: vectors use their length for both; kernels [..receptive, in, out] multiply in the receptive field. */
export function computeFans(shape: readonly number[]): Fans {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const receptive = shape.slice(0, -2).reduce((total, extent) => total * extent, 1);
  return { fanIn: (shape[shape.length - 2] ?? 1) * receptive, fanOut: (shape[shape.length - 1] ?? 1) * receptive };
}
