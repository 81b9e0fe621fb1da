import { describe, expect, it } from 'vitest';
import { TRUNCATED_NORMAL_STDDEV_FACTOR } from '../../src/compiler/ir/initializers.js';
import { lower } from './helpers.js';

/** Stddev of a standard normal cut at ±2, by numerical integration (independent of the constant in the code). */
function truncatedStddev(): number {
  const density = (x: number) => Math.exp((-x * x) / 2);
  let mass = 0;
  let second = 0;
  const steps = 200000;
  for (let i = 0; i < steps; i += 1) {
    const x = -2 + (4 * (i + 0.5)) / steps;
    mass += density(x);
    second += x * x * density(x);
  }
  return Math.sqrt(second / mass);
}

function initOf(kernelInit: string, units = 100) {
  const ir = lower({ layers: [`{type: dense, name: h, units: ${units}, kernel_init: ${kernelInit}}`, '{type: dense, units: 10}'] });
  const kernel = ir.parameters[0];
  if (!kernel) throw new Error('no kernel');
  return kernel.init;
}

describe('initializers: effective stddev of the values drawn (dense kernel 784 -> 100)', () => {
  const fanIn = 784;
  const fanOut = 100;
  it('the truncated-normal factor', () => {
    expect(TRUNCATED_NORMAL_STDDEV_FACTOR).toBeCloseTo(truncatedStddev(), 6);
  });
  it.each([
    ['{type: truncated_normal, stddev: 1.0}', 0.87962566, 0],
    ['{type: random_normal, stddev: 0.1, mean: 0.5}', 0.1, 0.5],
    ['{type: random_uniform, minval: -0.3, maxval: 0.3}', 0.6 / Math.sqrt(12), 0],
    ['glorot_uniform', Math.sqrt(6 / (fanIn + fanOut)) / Math.sqrt(3), 0],
    ['glorot_normal', Math.sqrt(2 / (fanIn + fanOut)), 0],
    ['he_uniform', Math.sqrt(6 / fanIn) / Math.sqrt(3), 0],
    ['he_normal', Math.sqrt(2 / fanIn), 0],
    ['lecun_normal', Math.sqrt(1 / fanIn), 0],
    ['{type: constant, value: 0.1}', 0, 0.1],
    ['zeros', 0, 0],
    ['ones', 0, 1],
  ])('%s', (written, stddev, mean) => {
    const init = initOf(written);
    expect(init.effectiveStddev).toBeCloseTo(stddev, 7);
    expect(init.mean).toBeCloseTo(mean, 12);
    expect(init.ref?.path).toEqual(['model', 'layers', 0, 'kernel_init']);
  });
  it('Keras defaults: kernel glorot_uniform, bias zeros, without a spec location', () => {
    const ir = lower({ layers: ['{type: dense, units: 10}'] });
    expect(ir.parameters.map((p) => [p.init.type, p.init.ref])).toEqual([
      ['glorot_uniform', undefined],
      ['zeros', undefined],
    ]);
    expect(ir.parameters[0]?.init.effectiveStddev).toBeCloseTo(Math.sqrt(2 / (784 + 10)), 10);
  });
  it('Keras argument defaults: random_normal and truncated_normal stddev 0.05', () => {
    expect(initOf('random_normal').args).toEqual({ mean: 0, stddev: 0.05 });
    expect(initOf('truncated_normal').effectiveStddev).toBeCloseTo(0.05 * 0.87962566, 8);
  });
});
