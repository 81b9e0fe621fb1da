/** Learning-rate schedules, evaluated on the host once per step (a number, no tensor). */

/** Keras ExponentialDecay: η₀ · rate^(iteration / decaySteps), the exponent floored when staircase. */
export function exponentialDecay(
  iteration: number,
  initial: number,
  decaySteps: number,
  decayRate: number,
  staircase: boolean,
): number {
  const exponent = iteration / decaySteps;
  return initial * Math.pow(decayRate, staircase ? Math.floor(exponent) : exponent);
}

/**
 * Keras PiecewiseConstantDecay: values[i] while boundaries[i−1] < iteration ≤ boundaries[i] (a
 * boundary's own step still has the earlier value; torch MultiStepLR's milestone is boundary + 1).
 */
export function piecewiseConstant(iteration: number, boundaries: readonly number[], values: readonly number[]): number {
  let index = 0;
  while (index < boundaries.length && iteration > (boundaries[index] ?? 0)) index++;
  return values[index] ?? Number.NaN;
}

/** Keras InverseTimeDecay: η₀ / (1 + rate · iteration / decaySteps), the quotient floored when staircase. */
export function inverseTimeDecay(iteration: number, initial: number, decaySteps: number, decayRate: number, staircase: boolean): number {
  const quotient = iteration / decaySteps;
  return initial / (1 + decayRate * (staircase ? Math.floor(quotient) : quotient));
}

/** The linear warm-up before a schedule: η₀ · (iteration + 1) / (warmupSteps + 1), as nanoGPT's get_lr. */
export function linearWarmup(iteration: number, warmupSteps: number, initial: number): number {
  return (initial * (iteration + 1)) / (warmupSteps + 1);
}
