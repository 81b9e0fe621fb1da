/**
 * Paired effects of a factorial study. Runs that share a seed share the initialization, batch order
 * and dropout masks (the data split is the spec's), so the effect of adding one ingredient is best
 * read from the per-seed differences d_s = error(with) − error(without), not from two overlapping
 * mean ± std intervals: the seed-to-seed variation common to both conditions cancels.
 *
 * Two sources of noise are reported apart:
 * - across seeds: the mean of d_s with its sample std and a Student-t 95 % interval (n − 1 dof);
 * - the test set: every run is scored on the same N test images, so a difference can be consistent
 *   across seeds and still be a property of these N images. The binomial standard error of one error
 *   rate p is √(p(1 − p)/N); for a difference of two rates the bound √2 · SE (independent errors) is
 *   used, an overestimate since both are measured on the same images (their errors are correlated).
 */

/** Two-sided 95 % quantiles of Student's t, t₀.₉₇₅(dof), for dof 1..30 (then the normal's 1.96). */
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101,
  2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function studentT975(dof: number): number {
  if (!Number.isInteger(dof) || dof < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${dof}`);
  return dof <= t975.length ? t975[dof - 1] : 1.96;
}

/** √(p(1 − p)/n): the standard error of an error rate p measured on n independent test examples. */
export function binomialStandardError(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / n);
}

export interface SeedPair {
  seed: number;
  /** Error of the reference condition (without the ingredient). */
  reference: number;
  /** Error of the treated condition (with it). */
  treated: number;
  difference: number;
}

export interface PairedDifference {
  pairs: SeedPair[];
  n: number;
  /** Mean of treated − reference: negative means the ingredient lowered the error. */
  mean: number;
  /** Sample standard deviation of the per-seed differences (0 for one seed). */
  std: number;
  /** std / √n. */
  standardError: number;
  /** Student-t 95 % interval of the mean difference; absent for one seed. */
  interval?: [number, number];
}

/** Per-seed differences over the seeds both conditions have; undefined when they share none. */
export function pairedDifference(reference: ReadonlyMap<number, number>, treated: ReadonlyMap<number, number>): PairedDifference | undefined {
  const pairs: SeedPair[] = [...reference.keys()]
    .filter((seed) => treated.has(seed))
    .sort((a, b) => a - b)
    .map((seed) => {
      const r = reference.get(seed) as number;
      const t = treated.get(seed) as number;
      return { seed, reference: r, treated: t, difference: t - r };
    });
  const n = pairs.length;
  if (n === 0) return undefined;
  const mean = pairs.reduce((sum, p) => sum + p.difference, 0) / n;
  const std = n > 1 ? Math.sqrt(pairs.reduce((sum, p) => sum + (p.difference - mean) ** 2, 0) / (n - 1)) : 0;
  const standardError = std / Math.sqrt(n);
  const half = n > 1 ? studentT975(n - 1) * standardError : undefined;
  return { pairs, n, mean, std, standardError, ...(half !== undefined ? { interval: [mean - half, mean + half] as [number, number] } : {}) };
}

export type EffectVerdict =
  /** The seed interval excludes 0 and |Δ| exceeds twice the test-set bound. */
  | 'resolved'
  /** The seed interval excludes 0, but |Δ| is within twice the test-set bound. */
  | 'consistent across seeds, within test-set noise'
  /** The seed interval contains 0 (or there is one seed). */
  | 'within the noise';

export interface EffectNoise {
  difference: PairedDifference;
  /** Binomial SE of one error rate at the pair's mean error, on `testExamples` images. */
  binomialSE: number;
  /** √2 · binomialSE: the bound on the test-set SE of a difference. */
  differenceSE: number;
  verdict: EffectVerdict;
}

export function judgeEffect(difference: PairedDifference, testExamples: number): EffectNoise {
  const errors = difference.pairs.flatMap((p) => [p.reference, p.treated]);
  const meanError = errors.reduce((sum, e) => sum + e, 0) / errors.length;
  const binomialSE = binomialStandardError(meanError, testExamples);
  const differenceSE = Math.SQRT2 * binomialSE;
  const excludesZero = difference.interval !== undefined && (difference.interval[0] > 0 || difference.interval[1] < 0);
  const verdict: EffectVerdict = !excludesZero
    ? 'within the noise'
    : Math.abs(difference.mean) > 2 * differenceSE
    ? 'resolved'
    : 'consistent across seeds, within test-set noise';
  return { difference, binomialSE, differenceSE, verdict };
}

/** A variant name as its set of parts: `dropout+l2` → {dropout, l2}; `none` is the empty set. */
export function variantParts(name: string): Set<string> {
  return new Set(name.split('+').filter((part) => part !== 'none'));
}

export interface EffectPairing {
  /** The axis whose variants differ. */
  axis: string;
  reference: string;
  treated: string;
  /** `l2 on top of dropout`, `l2_aware instead of l2, with dropout`. */
  label: string;
}

const joinParts = (parts: Iterable<string>) => [...parts].join('+') || 'nothing';

/**
 * How two variants of one axis relate when they differ by one ingredient: the treated one adds a part
 * to the reference (`dropout` → `dropout+l2`: "l2 on top of dropout"), or swaps one part for another
 * (`dropout+l2` → `dropout+l2_aware`). Any other pair (two parts apart) is not an effect of one thing.
 */
export function pairingOf(axis: string, reference: string, treated: string): EffectPairing | undefined {
  const a = variantParts(reference);
  const b = variantParts(treated);
  const added = [...b].filter((p) => !a.has(p));
  const removed = [...a].filter((p) => !b.has(p));
  if (added.length === 1 && removed.length === 0) {
    return { axis, reference, treated, label: `${added[0]} on top of ${joinParts(a)}` };
  }
  if (added.length === 1 && removed.length === 1) {
    const common = [...a].filter((p) => b.has(p));
    return {
      axis,
      reference,
      treated,
      label: `${added[0]} instead of ${removed[0]}${common.length ? `, with ${joinParts(common)}` : ''}`,
    };
  }
  return undefined;
}

export interface VariantCell {
  /** The condition's id in results.json. */
  id: string;
  /** Axis → variant name (for a field axis, its `field=value` name). */
  names: Record<string, string>;
}

export interface CellPairing extends EffectPairing {
  referenceId: string;
  treatedId: string;
  /** The other axes' names, shared by both cells: what the effect is conditional on. */
  given: Record<string, string>;
}

/**
 * Every one-ingredient pairing on a preset axis between cells that agree on every other axis, in the
 * order the cells are given (reference first). Adding pairs come before swaps, the ones that add
 * before the ones that swap.
 */
export function effectPairings(cells: readonly VariantCell[], presetAxes: ReadonlySet<string>): CellPairing[] {
  const adds: CellPairing[] = [];
  const swaps: CellPairing[] = [];
  for (const axis of presetAxes) {
    for (const reference of cells) {
      for (const treated of cells) {
        if (reference === treated || !(axis in reference.names) || !(axis in treated.names)) continue;
        const others = Object.keys(reference.names).filter((a) => a !== axis);
        if (others.some((a) => reference.names[a] !== treated.names[a])) continue;
        const pairing = pairingOf(axis, reference.names[axis], treated.names[axis]);
        if (!pairing) continue;
        const isSwap = pairing.label.includes(' instead of ');
        // A swap relates two cells symmetrically: keep one direction (the first-listed as reference).
        if (isSwap && cells.indexOf(treated) < cells.indexOf(reference)) continue;
        const given = Object.fromEntries(others.map((a) => [a, reference.names[a]]));
        (isSwap ? swaps : adds).push({ ...pairing, referenceId: reference.id, treatedId: treated.id, given });
      }
    }
  }
  return [...adds, ...swaps];
}
