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
