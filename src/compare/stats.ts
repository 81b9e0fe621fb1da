/** Summary statistics over seeds. The standard deviation is the sample one (n - 1), 0 for one value. */
export interface Spread {
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

export function spreadOf(values: readonly number[]): Spread | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return {
    n,
    mean,
    std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/**
 * Two means are told apart only when their mean ± std intervals do not overlap:
 * |mean_a - mean_b| > std_a + std_b. With a handful of seeds this is a rough screen, not a test.
 */
export function exceedsSpread(a: Spread, b: Spread): boolean {
  return Math.abs(a.mean - b.mean) > a.std + b.std;
}
