/**
 * Training split by output units (`--workers N`, tensor parallelism): worker k owns the k-th share of
 * the units of EVERY dense layer (rows of the [units, in] kernel, the bias slice, their optimizer
 * slots and constraints, all local) and runs the full batch through them. Forward, each layer's
 * output slices are all-gathered so every worker has the full activation for the next layer, and
 * the full logits, so every worker computes the same loss. Backward, each worker's dKernel and dBias
 * are its own rows; the partial input gradients dz_k·W_k are summed across workers. Exchanged per
 * step: a few [batch, units] activations, against every weight gradient in data parallelism.
 *
 * Dense, dropout, activation (not softmax: it mixes units) and flatten layers only; dropout masks
 * on a slice come from (step seed, layer, worker), so a run is deterministic for a given N.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../data/seeded-random.js';
import type { Activation, LayerConfig } from '../shared/layer-config.js';
import { type ActivationCache, activationBackward, activationForward } from '../layers/activation.js';
import { type DenseCache, denseBackward, denseForward } from '../layers/dense.js';
import { type DropoutCache, dropoutBackward, dropoutForward } from '../layers/dropout.js';
import { FlagError } from '../run-flags.js';
import { type WorkerTeam, unitRange } from './team.js';

export type UnitSplitLayer =
  | { type: 'dense'; name: string; units: number; activation: Activation; useBias: boolean }
  | { type: 'dropout'; index: number; rate: number }
  | { type: 'activation'; activation: Activation }
  | { type: 'flatten' };

/** The layers as the unit-split step walks them; a dropout layer's position seeds its masks. */
export function unitSplitLayers(layers: readonly LayerConfig[]): UnitSplitLayer[] {
  return layers.map((layer, index): UnitSplitLayer => {
    switch (layer.type) {
      case 'dense':
        return { type: 'dense', name: layer.name, units: layer.units, activation: layer.activation, useBias: layer.useBias };
      case 'dropout':
        return { type: 'dropout', index, rate: layer.rate };
      case 'activation':
        return { type: 'activation', activation: layer.activation };
      case 'flatten':
        return { type: 'flatten' };
      default:
        throw new Error(`internal: layer '${layer.name}' (${layer.type}) cannot be split by units`);
    }
  });
}

type DenseParams = Record<string, { kernel: tf.Variable; bias?: tf.Variable }>;
type DenseGrads = Record<string, { kernel: tf.Tensor2D; bias?: tf.Tensor1D }>;
type LossFunction = (logits: tf.Tensor2D, targets: tf.Tensor2D) => { loss: tf.Scalar; dLogits: tf.Tensor2D };

/** A layer as the backward pass needs it; `inputUnits` null: the input is replicated (the model's input). */
type Trace =
  | { type: 'dense'; name: string; cache: DenseCache; inputUnits: number | null }
  | { type: 'dropout'; cache: DropoutCache }
  | { type: 'activation'; cache: ActivationCache };

/** This worker's rows of every dense parameter, as new variables (the full ones are left as they are). */
export function ownUnits<P extends object>(full: P, team: WorkerTeam): P {
  const own: DenseParams = {};
  for (const [layer, params] of Object.entries(full as DenseParams)) {
    const units = params.kernel.shape[0];
    if (units < team.workers) throw new FlagError(`--workers ${team.workers}: layer '${layer}' has only ${units} units to split`);
    const { start, count } = unitRange(units, team.rank, team.workers);
    const rows = (variable: tf.Variable) =>
      tf.variable(tf.tidy(() => tf.slice(variable, start, count)), true);
    own[layer] = params.bias === undefined ? { kernel: rows(params.kernel) } : { kernel: rows(params.kernel), bias: rows(params.bias) };
  }
  return own as unknown as P;
}

/** One minibatch on this worker's units: the same loss on every worker, gradients of its own rows. Call inside tf.tidy. */
export function unitSplitTrainingStep<P extends object, G extends object>(
  layers: readonly UnitSplitLayer[],
  params: P,
  x: tf.Tensor,
  targets: tf.Tensor2D,
  stepSeed: number,
  team: WorkerTeam,
  loss: LossFunction,
): { dataLoss: tf.Scalar; grads: G } {
  const ownParams = params as unknown as DenseParams;
  const traces: Trace[] = [];
  let current = x;
  /** Units of the dense layer whose output `current` is this worker's slice of; null: replicated. */
  let slicedUnits: number | null = null;
  for (const layer of layers) {
    switch (layer.type) {
      case 'flatten':
        // A sliced activation is already [batch, units].
        if (slicedUnits === null) current = tf.reshape(current, [current.shape[0], -1]);
        break;
      case 'dense': {
        const input = slicedUnits === null ? current : team.allGatherColumns(current as tf.Tensor2D, slicedUnits);
        const { kernel, bias } = ownParams[layer.name];
        const forward = denseForward(input as tf.Tensor2D, kernel as tf.Tensor2D, layer.useBias ? (bias as tf.Tensor1D) : null, layer.activation);
        traces.push({ type: 'dense', name: layer.name, cache: forward.cache, inputUnits: slicedUnits });
        current = forward.y;
        slicedUnits = layer.units;
        break;
      }
      case 'dropout': {
        // Before the first dense layer the input is replicated: every worker draws the same mask.
        const seed = slicedUnits === null ? stepSeed + layer.index : deriveSeed(stepSeed + layer.index, team.rank + 1);
        const forward = dropoutForward(current, layer.rate, seed);
        traces.push({ type: 'dropout', cache: forward.cache });
        current = forward.y;
        break;
      }
      case 'activation': {
        const forward = activationForward(current, layer.activation);
        traces.push({ type: 'activation', cache: forward.cache });
        current = forward.y;
        break;
      }
    }
  }
  const logits = slicedUnits === null ? (current as tf.Tensor2D) : team.allGatherColumns(current as tf.Tensor2D, slicedUnits);
  const data = loss(logits, targets);

  const grads: DenseGrads = {};
  let gradient = slicedUnits === null ? data.dLogits : ownColumns(data.dLogits, slicedUnits, team);
  for (let i = traces.length - 1; i >= 0; i--) {
    const trace = traces[i];
    if (trace.type === 'dropout') gradient = dropoutBackward(gradient, trace.cache);
    else if (trace.type === 'activation') gradient = activationBackward(gradient, trace.cache);
    else {
      const backward = denseBackward(gradient, trace.cache, trace.inputUnits !== null);
      grads[trace.name] = backward.dBias === null ? { kernel: backward.dKernel } : { kernel: backward.dKernel, bias: backward.dBias };
      // Layers before the first dense layer have no parameters: the backward pass ends here.
      if (trace.inputUnits === null) break;
      gradient = team.sumPartialColumns(backward.dx!, trace.inputUnits);
    }
  }
  return { dataLoss: data.loss, grads: grads as unknown as G };
}

function ownColumns(full: tf.Tensor2D, units: number, team: WorkerTeam): tf.Tensor2D {
  const { start, count } = unitRange(units, team.rank, team.workers);
  return tf.slice(full, [0, start], [full.shape[0], count]);
}
