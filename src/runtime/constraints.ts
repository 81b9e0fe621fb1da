/**
 * Weight constraints applied after every update, as Keras defines them. `axes` are the axes of one
 * output unit's incoming weights: [0] for a dense kernel [in, units] (one column per unit), [0, 1, 2]
 * for a conv kernel [kh, kw, in, filters] (one filter per unit).
 */
import * as tf from '@tensorflow/tfjs';
import type { LoggedMetric } from './metrics-log.js';

/** Keras's epsilon in the norm constraints, so an all-zero unit stays zero instead of NaN. */
const constraintEpsilon = 1e-7;

/**
 * ‖w‖ per unit, shaped for broadcasting against the weights. When the axes are all but the last (every
 * dense and conv kernel), the sum of squares is an average pool over the weights viewed as a
 * [1, in, 1, units] image, times `in`: on wasm tf.sum along axis 0 transposes the whole kernel first
 * (14 ms for [1024, 2048]) where the pool reads it once (0.7 ms; bench/experiments/kernels/max-norm.mts).
 */
function unitNorms(weights: tf.Tensor, axes: number[]): tf.Tensor {
  const rank = weights.rank;
  const allButLast = axes.length === rank - 1 && axes.every((axis, index) => axis === index);
  if (!allButLast || rank < 2) return tf.sqrt(tf.sum(tf.square(weights), axes, true));
  const units = weights.shape[rank - 1];
  const perUnit = weights.size / units;
  const squares = tf.reshape(tf.square(weights), [1, perUnit, 1, units]) as tf.Tensor4D;
  const meanSquares = tf.avgPool(squares, [perUnit, 1], [perUnit, 1], 'valid');
  const keptShape = weights.shape.map((dim, axis) => (axis === rank - 1 ? dim : 1));
  return tf.reshape(tf.sqrt(tf.mul(meanSquares, perUnit)), keptShape);
}

/**
 * Rescales each unit's weight vector to norm ≤ maxValue: w · clip(‖w‖, 0, c) / (ε + ‖w‖). With
 * `rescaled`, adds to it the number of units whose norm exceeded c (a constraint that never binds
 * trains exactly like no constraint; MaxNormActivity reports it).
 */
export function maxNormConstraint<T extends tf.Tensor>(weights: T, maxValue: number, axes: number[], rescaled?: tf.Variable): T {
  const norms = unitNorms(weights, axes);
  if (rescaled) rescaled.assign(tf.add(rescaled, tf.sum(tf.cast(tf.greater(norms, maxValue), 'float32'))));
  const desired = tf.clipByValue(norms, 0, maxValue);
  return tf.mul(weights, tf.div(desired, tf.add(norms, constraintEpsilon)));
}

/** Zeroes negative weights. */
export function nonNegConstraint<T extends tf.Tensor>(weights: T): T {
  return tf.relu(weights);
}

/** Rescales each unit's weight vector to norm 1: w / (ε + ‖w‖). */
export function unitNormConstraint<T extends tf.Tensor>(weights: T, axes: number[]): T {
  return tf.div(weights, tf.add(unitNorms(weights, axes), constraintEpsilon));
}

/**
 * Constraint activity for metrics.jsonl: per parameter with max-norm, how many of its units were
 * rescaled. Counted on the backend (no host sync per step), read at logging points.
 */
export class MaxNormActivity implements LoggedMetric {
  /** Each --workers thread holds and counts only its own units. */
  readonly perThread = true;
  private readonly counters = new Map<string, { rescaled: tf.Variable | null; units: number }>();

  /**
   * `units`: parameter id → number of units (rows of a dense kernel, filters of a conv kernel). A model
   * file creates it when loaded, before the run picks its backend: the counters are created at first use.
   */
  constructor(units: Record<string, number>) {
    for (const [id, count] of Object.entries(units)) this.counters.set(id, { rescaled: null, units: count });
  }

  counter(id: string): tf.Variable | undefined {
    const entry = this.counters.get(id);
    if (!entry) return undefined;
    entry.rescaled ??= tf.variable(tf.scalar(0), false);
    return entry.rescaled;
  }

  checkpointState(): Record<string, number> {
    const state: Record<string, number> = {};
    for (const [id, { rescaled }] of this.counters) if (rescaled !== null) state[id] = rescaled.dataSync()[0];
    return state;
  }

  restoreState(state: Record<string, number>): void {
    for (const [id, count] of Object.entries(state)) {
      const counter = this.counter(id);
      if (counter) tf.tidy(() => counter.assign(tf.scalar(count)));
    }
  }

  /** Fraction of unit updates rescaled per parameter over the last `steps` updates; resets the counts. */
  read(steps: number): Record<string, number> {
    const fractions: Record<string, number> = {};
    for (const [id, { rescaled, units }] of this.counters) {
      fractions[id] = steps > 0 && rescaled !== null ? rescaled.dataSync()[0] / (units * steps) : 0;
      // In a tidy: the zero tensor is released once the variable holds its data.
      if (rescaled !== null) tf.tidy(() => rescaled.assign(tf.scalar(0)));
    }
    return fractions;
  }
}
