/**
 * The update of a graph model: nanoGPT's learning-rate schedule, gradient clipping by global norm,
 * and AdamW over decay groups built from the spec's rules, every trainable tensor in exactly one group
 * (minGPT #23, nanoGPT 7c828855: name lists that missed a tensor or put one in both groups). The
 * twin of the PyTorch runtime's warmup_cosine, clip_grad_norm_ and weight_decay_groups.
 */
import * as tf from '@tensorflow/tfjs';
import { type AdamSlots, adamUpdate, createAdamSlots, decoupledWeightDecay } from '../adam.js';
import type { GraphGrads, GraphParams } from './params.js';

/**
 * nanoGPT's get_lr: linear warm-up to `initial` over `warmupSteps`, cosine down to `minimum` at
 * `decaySteps`, then `minimum`. `step` counts the updates already applied (0 for the first).
 */
export function warmupCosine(step: number, initial: number, warmupSteps: number, decaySteps: number, minimum: number): number {
  if (step < warmupSteps) return (initial * (step + 1)) / (warmupSteps + 1);
  if (step > decaySteps) return minimum;
  const progress = (step - warmupSteps) / (decaySteps - warmupSteps);
  return minimum + 0.5 * (1 + Math.cos(Math.PI * progress)) * (initial - minimum);
}

/**
 * torch.nn.utils.clip_grad_norm_: with the global norm n = sqrt(Σ‖g‖²) over every gradient, each is
 * scaled by min(1, maxNorm / (n + 1e-6)). On the backend (no read-back): call inside tf.tidy.
 */
export function clipByGlobalNorm(grads: GraphGrads, maxNorm: number): GraphGrads {
  const norm = tf.sqrt(tf.addN(Object.values(grads).map((grad) => tf.sum(tf.square(grad)))));
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
  return Object.fromEntries(Object.entries(grads).map(([id, grad]) => [id, tf.mul(grad, scale)]));
}

export interface DecayGroup {
  weightDecay: number;
  ids: string[];
}

/**
 * AdamW's two groups: every parameter decayed by `weightDecay` except the ids in `notDecayed`. An id
 * of notDecayed that names no parameter is an error, never a silent default.
 */
export function weightDecayGroups(params: GraphParams, notDecayed: readonly string[], weightDecay: number): DecayGroup[] {
  const unknown = notDecayed.filter((id) => !(id in params));
  if (unknown.length > 0) throw new Error(`internal: notDecayed names no parameter: ${unknown.join(', ')}`);
  const excluded = new Set(notDecayed);
  const ids = Object.keys(params).filter((id) => params[id].trainable);
  return [
    { weightDecay, ids: ids.filter((id) => !excluded.has(id)) },
    { weightDecay: 0, ids: ids.filter((id) => excluded.has(id)) },
  ];
}

export interface AdamOptions {
  beta1: number;
  beta2: number;
  /** Keras's ε, added to sqrt(v) before the bias correction (the PyTorch target's KerasAdamW matches it). */
  epsilon: number;
}

/**
 * Adam's moments of every parameter of the decay groups, by id: each trainable tensor in exactly one
 * group, or an error.
 */
export function groupedAdamSlots(params: GraphParams, groups: readonly DecayGroup[]): Record<string, AdamSlots> {
  const slots: Record<string, AdamSlots> = {};
  for (const id of groups.flatMap((group) => group.ids)) {
    if (id in slots) throw new Error(`internal: ${id} is in two decay groups`);
    slots[id] = createAdamSlots(params[id]);
  }
  const missing = Object.keys(params).filter((id) => params[id].trainable && !(id in slots));
  if (missing.length > 0) throw new Error(`internal: parameters in no decay group: ${missing.join(', ')}`);
  return slots;
}

/**
 * One AdamW update (Loshchilov & Hutter 2019) over decay groups: w ← w − η·λ·w, then the Adam step;
 * `iteration` counts the updates already applied (Adam's bias correction). Call inside tf.tidy.
 */
export function groupedAdamWStep(
  params: GraphParams,
  grads: GraphGrads,
  slots: Record<string, AdamSlots>,
  groups: readonly DecayGroup[],
  options: AdamOptions,
  learningRate: number,
  iteration: number,
): void {
  const { beta1, beta2, epsilon } = options;
  for (const group of groups) {
    for (const id of group.ids) {
      if (group.weightDecay > 0) decoupledWeightDecay(params[id], learningRate, group.weightDecay);
      adamUpdate(params[id], grads[id], slots[id], learningRate, iteration, beta1, beta2, epsilon);
    }
  }
}

/** AdamW over decay groups, counting its own updates (a language model's loop). */
export class GroupedAdamW {
  private readonly slots: Record<string, AdamSlots>;
  private updates = 0;

  constructor(
    private readonly params: GraphParams,
    private readonly groups: readonly DecayGroup[],
    private readonly options: AdamOptions,
  ) {
    this.slots = groupedAdamSlots(params, groups);
  }

  /** One update with these gradients at this learning rate. Call inside tf.tidy. */
  step(grads: GraphGrads, learningRate: number): void {
    groupedAdamWStep(this.params, grads, this.slots, this.groups, this.options, learningRate, this.updates);
    this.updates++;
  }

  /** The moments by parameter id, for a checkpoint (../checkpoint.ts finds the variables in it). */
  checkpointSlots(): Record<string, AdamSlots> {
    return { ...this.slots };
  }

  /** A resumed run: the updates already applied (Adam's bias correction counts them). */
  resumeAt(updates: number): void {
    this.updates = updates;
  }
}
