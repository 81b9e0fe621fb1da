/** Optimizer state for every trainable parameter, created in the model's weight order. */
import type * as tf from '@tensorflow/tfjs';

/** One slot S per parameter that has a gradient: the model's gradients `G` (layer → param) give the shape. */
export type SlotsOf<G, S> = { [L in keyof G]: { [K in keyof G[L]]: S } };

/**
 * `create` for each trainable variable of `params` (layer → param → tf.Variable); batch-norm moving
 * statistics (not trainable) get none, exactly the parameters `G` has gradients for.
 */
export function trainableSlots<G extends object, S>(params: object, create: (variable: tf.Variable) => S): SlotsOf<G, S> {
  const slots: Record<string, Record<string, S>> = {};
  for (const [layer, layerParams] of Object.entries(params as Record<string, Record<string, tf.Variable>>)) {
    for (const [param, variable] of Object.entries(layerParams)) {
      if (variable.trainable) (slots[layer] ??= {})[param] = create(variable);
    }
  }
  return slots as SlotsOf<G, S>;
}
