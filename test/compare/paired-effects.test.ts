import { describe, expect, it } from 'vitest';
import {
  binomialStandardError,
  effectPairings,
  judgeEffect,
  pairedDifference,
  pairingOf,
  studentT975,
} from '../../src/compare/paired-effects.js';

describe('paired differences across seeds', () => {
  it('matches a hand computation', () => {
    // Seeds 1..3: reference 10.0, 12.0, 11.0 %; treated 9.0, 10.5, 10.4 %.
    // d = −1.0, −1.5, −0.6 pp; mean −1.0333; deviations 0.0333, −0.4667, 0.4333;
    // squares 0.001111 + 0.217778 + 0.187778 = 0.406667; /2 = 0.203333; std = 0.450925;
    // SE = 0.450925/√3 = 0.260342; t₀.₉₇₅(2) = 4.303; half width 1.120252.
    const reference = new Map([[1, 0.1], [2, 0.12], [3, 0.11]]);
    const treated = new Map([[1, 0.09], [2, 0.105], [3, 0.104]]);
    const d = pairedDifference(reference, treated);
    expect(d?.n).toBe(3);
    expect(d?.mean).toBeCloseTo(-0.0103333, 6);
    expect(d?.std).toBeCloseTo(0.00450925, 7);
    expect(d?.standardError).toBeCloseTo(0.00260342, 7);
    expect(d?.interval?.[0]).toBeCloseTo(-0.0103333 - 0.0112025, 6);
    expect(d?.interval?.[1]).toBeCloseTo(-0.0103333 + 0.0112025, 6);
    expect(d?.pairs.map((p) => p.seed)).toEqual([1, 2, 3]);
  });

  it('pairs only the seeds both conditions have, and has no interval for one seed', () => {
    const d = pairedDifference(new Map([[1, 0.1], [2, 0.2]]), new Map([[2, 0.25], [3, 0.3]]));
    expect(d).toMatchObject({ n: 1, mean: 0.25 - 0.2, std: 0 });
    expect(d?.interval).toBeUndefined();
    expect(pairedDifference(new Map([[1, 0.1]]), new Map([[2, 0.1]]))).toBeUndefined();
  });

  it('uses Student t quantiles', () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(2)).toBe(4.303);
    expect(studentT975(30)).toBe(2.042);
    expect(studentT975(200)).toBe(1.96);
    expect(() => studentT975(0)).toThrow(RangeError);
  });
});

describe('judging an effect against seeds and the test set', () => {
  it('states the binomial standard error of a 1,000-image test set', () => {
    // √(0.1 · 0.9 / 1000) = 0.0094868
    expect(binomialStandardError(0.1, 1000)).toBeCloseTo(0.0094868, 6);
  });

  it('is within the noise when the seed interval contains 0', () => {
    const d = pairedDifference(new Map([[1, 0.1], [2, 0.1], [3, 0.1]]), new Map([[1, 0.09], [2, 0.11], [3, 0.1]]));
    expect(judgeEffect(d!, 1000).verdict).toBe('within the noise');
  });

  it('is consistent across seeds but within test-set noise when small and steady', () => {
    // d = −0.5, −0.6, −0.4 pp: interval [−0.748, −0.252] pp excludes 0; 2·√2·SE(≈10 %) ≈ 2.6 pp.
    const d = pairedDifference(new Map([[1, 0.1], [2, 0.1], [3, 0.1]]), new Map([[1, 0.095], [2, 0.094], [3, 0.096]]));
    const judged = judgeEffect(d!, 1000);
    expect(judged.verdict).toBe('consistent across seeds, within test-set noise');
    const meanError = (0.3 + 0.285) / 6;
    expect(judged.binomialSE).toBeCloseTo(Math.sqrt((meanError * (1 - meanError)) / 1000), 10);
    expect(judged.differenceSE).toBeCloseTo(Math.SQRT2 * judged.binomialSE, 12);
  });

  it('is resolved when steady and larger than twice the test-set bound', () => {
    const d = pairedDifference(new Map([[1, 0.1], [2, 0.1], [3, 0.1]]), new Map([[1, 0.05], [2, 0.051], [3, 0.049]]));
    expect(judgeEffect(d!, 1000).verdict).toBe('resolved');
  });
});

describe('which conditions form one-ingredient effects', () => {
  it('names additions and swaps, nothing two parts apart', () => {
    expect(pairingOf('r', 'dropout', 'dropout+l2')?.label).toBe('l2 on top of dropout');
    expect(pairingOf('r', 'none', 'l2')?.label).toBe('l2 on top of nothing');
    expect(pairingOf('r', 'dropout+l2', 'dropout+l2_aware')?.label).toBe('l2_aware instead of l2, with dropout');
    expect(pairingOf('r', 'none', 'dropout+l2')).toBeUndefined();
    expect(pairingOf('r', 'l2', 'dropout+maxnorm')).toBeUndefined();
  });

  it('pairs cells that agree on every other axis, additions first, each swap once', () => {
    const cells = ['none', 'l2', 'dropout', 'dropout+l2'].flatMap((r) =>
      ['train=500', 'train=2000'].map((t) => ({ id: `${r}/${t}`, names: { regularization: r, 'data.train': t } })),
    );
    const pairings = effectPairings(cells, new Set(['regularization']));
    const text = pairings.map((p) => `${p.referenceId} -> ${p.treatedId}: ${p.label} | ${p.given['data.train']}`);
    expect(text).toEqual([
      'none/train=500 -> l2/train=500: l2 on top of nothing | train=500',
      'none/train=500 -> dropout/train=500: dropout on top of nothing | train=500',
      'none/train=2000 -> l2/train=2000: l2 on top of nothing | train=2000',
      'none/train=2000 -> dropout/train=2000: dropout on top of nothing | train=2000',
      'l2/train=500 -> dropout+l2/train=500: dropout on top of l2 | train=500',
      'l2/train=2000 -> dropout+l2/train=2000: dropout on top of l2 | train=2000',
      'dropout/train=500 -> dropout+l2/train=500: l2 on top of dropout | train=500',
      'dropout/train=2000 -> dropout+l2/train=2000: l2 on top of dropout | train=2000',
      'l2/train=500 -> dropout/train=500: dropout instead of l2 | train=500',
      'l2/train=2000 -> dropout/train=2000: dropout instead of l2 | train=2000',
    ]);
  });
});
