/** An initializer of the plan as a call of the runtime's (zerosInit, heNormalInit, …) drawing a tensor of `shape` from `seed`. */
import type { InitializerPlan } from '../plan.js';
import { numberLiteral, shapeLiteral } from './literals.js';
import type { RuntimeNames } from './runtime-names.js';

export function initializerCall(names: RuntimeNames, shape: number[], init: InitializerPlan, seed: string): string {
  const call = (name: string, ...args: (string | number)[]) => `${names.rt(name)}(${[shapeLiteral(shape), ...args.map((arg) => (typeof arg === 'number' ? numberLiteral(arg) : arg))].join(', ')})`;
  switch (init.type) {
    case 'zeros':
      return call('zerosInit');
    case 'ones':
      return call('onesInit');
    case 'constant':
      return call('constantInit', init.value);
    case 'random_normal':
      return call('randomNormalInit', init.mean, init.stddev, seed);
    case 'truncated_normal':
      return call('truncatedNormalInit', init.mean, init.stddev, seed);
    case 'random_uniform':
      return call('randomUniformInit', init.minval, init.maxval, seed);
    case 'glorot_uniform':
      return call('glorotUniformInit', init.fanIn, init.fanOut, seed);
    case 'glorot_normal':
      return call('glorotNormalInit', init.fanIn, init.fanOut, seed);
    case 'he_uniform':
      return call('heUniformInit', init.fanIn, seed);
    case 'he_normal':
      return call('heNormalInit', init.fanIn, seed);
    case 'lecun_normal':
      return call('lecunNormalInit', init.fanIn, seed);
    case 'orthogonal':
      return call('orthogonalInit', init.gain, seed);
    case 'unit_forget_bias':
      return call('unitForgetBiasInit', init.units);
  }
}
