/**
 * What every target's graph printer leaves out. A graph model (spec v2) trains as a language model
 * (text or token windows, next-token softmax cross-entropy at every position) built from the layers
 * of spec v2 plus dense, dropout and activation; or on examples (mnist, idx, csv, synthetic) as a
 * sequential model does, built from `exampleGraphLayers`. Each target's graph obstacles report these
 * with its own `--target` prefix, beside what only that target cannot print.
 */
import type { ModelIR, SpecRef } from '../../ir/types.js';

export interface GraphLimit {
  ref: SpecRef;
  message: string;
  hint: string;
}

const graphLayers = new Set(['embedding', 'position_embedding', 'layer_norm', 'causal_self_attention', 'lstm', 'gru', 'add', 'drop_path', 'dense', 'dropout', 'activation']);

/** A graph trained on examples (a residual MLP): layers on a vector or a sequence of vectors, no token ids. */
export const exampleGraphLayers = new Set(['dense', 'dropout', 'activation', 'add', 'drop_path', 'layer_norm']);

/** Layers that read token ids or run over positions: a language model's. */
const languageModelLayers = new Set(['embedding', 'position_embedding', 'causal_self_attention', 'lstm', 'gru']);

export function graphModelLimits(ir: ModelIR): GraphLimit[] {
  const limits: GraphLimit[] = [];
  const refuse = (ref: SpecRef, message: string, hint: string) => limits.push({ ref, message, hint });
  for (const activity of ir.activityRegularizers ?? []) {
    refuse(activity.ref, `activity_regularizer on '${activity.layer}' is not supported in a graph model`, 'remove the activity_regularizer, or penalize the weights');
  }
  const examples = ir.data.source !== 'text' && ir.data.source !== 'tokens';
  if (examples) limits.push(...exampleTrainingLimits(ir));
  else limits.push(...languageModelTrainingLimits(ir));
  for (const layer of ir.layers) {
    if (examples && languageModelLayers.has(layer.type)) {
      refuse(layer.ref, `${layer.type} layer '${layer.name}' needs a language model (source: text or tokens), not ${ir.data.source} data`, 'train it on text or tokens data, or use dense, layer_norm, add, dropout and drop_path');
    } else if (examples && !exampleGraphLayers.has(layer.type)) {
      refuse(layer.ref, `${layer.type} layer '${layer.name}' is not supported in a graph model yet`, `use ${[...exampleGraphLayers].join(', ')}; or a sequential model`);
    } else if (!graphLayers.has(layer.type)) {
      refuse(layer.ref, `${layer.type} layer '${layer.name}' is not supported in a graph model`, 'use the layers of spec v2 with dense, dropout and activation');
    }
    if (layer.type === 'lstm' || layer.type === 'gru') {
      const { refs } = layer.placements;
      for (const field of ['activation_regularization', 'temporal_activation_regularization'] as const) {
        const ref = refs[field];
        if (ref !== undefined && layer.block) refuse(ref, `${field} on '${layer.name}' inside a block is not supported`, 'put the recurrent layer at the top level of model.layers');
      }
      if (layer.bidirectional) {
        const rates = { input_dropout: layer.placements.inputDropout, recurrent_dropout: layer.placements.recurrentDropout, weight_drop: layer.placements.weightDrop };
        for (const [field, rate] of Object.entries(rates)) {
          const ref = refs[field as keyof typeof rates];
          if (rate > 0 && ref !== undefined) refuse(ref, `${field} on the bidirectional ${layer.type} '${layer.name}' is not supported yet`, 'remove bidirectional or the field; dropout between its layers and dropout layers around it work');
        }
      }
      if (refs.temporal_activation_regularization !== undefined && !layer.returnSequences) {
        refuse(refs.temporal_activation_regularization, `temporal_activation_regularization on '${layer.name}' needs its output at every position`, 'remove return_sequences: false, or remove temporal_activation_regularization');
      }
    }
  }
  return limits;
}

/** A graph trained on examples, as a sequential model is (data, loss, metrics, early stopping, schedules). */
function exampleTrainingLimits(ir: ModelIR): GraphLimit[] {
  const limits: GraphLimit[] = [];
  const last = ir.layers[ir.layers.length - 1];
  // A tagger's [positions, classes] output is what its loss and metric read; otherwise the sequential
  // loop's loss and metrics take [batch, units], and a graph has no flatten layer.
  const tagger = ir.data.source === 'csv' && ir.data.labels !== undefined;
  if (!tagger && last !== undefined && last.outputShape.length !== 1) {
    limits.push({ ref: last.ref, message: `a graph model on examples ends in one vector per example, not [${last.outputShape.join(', ')}]`, hint: 'give the model a one-dimensional input (input: [features]), or use a sequential model' });
  }
  if (ir.training.labelSmoothing !== 0) {
    // The sequential models' loss plan has no smoothing: refused, never silently dropped.
    limits.push({ ref: ir.training.labelSmoothingRef ?? ir.training.ref, message: 'label_smoothing on a graph model trained on examples is not supported yet', hint: 'remove label_smoothing, or train on text or tokens' });
  }
  return limits;
}

/** What a language model's training cannot take: its loss and targets are the next tokens. */
function languageModelTrainingLimits(ir: ModelIR): GraphLimit[] {
  const limits: GraphLimit[] = [];
  const refuse = (ref: SpecRef, message: string, hint: string) => limits.push({ ref, message, hint });
  if (ir.training.loss !== 'softmax_cross_entropy') {
    refuse(ir.training.ref, `a language model trains with softmax_cross_entropy at every position, not ${ir.training.loss}`, 'set training.loss: softmax_cross_entropy');
  }
  if (ir.training.target !== undefined) {
    refuse(ir.training.ref, `a language model's targets are the next tokens, not training.target: ${ir.training.target}`, 'remove training.target');
  }
  if (ir.training.classWeight !== undefined) {
    refuse(ir.training.classWeightRef ?? ir.training.ref, 'class_weight is not supported in a language model', 'remove class_weight');
  }
  if (ir.training.earlyStopping !== undefined) {
    refuse(ir.training.earlyStopping.ref, 'early_stopping is not supported in a language model', 'remove early_stopping and pick the checkpoint by its val_loss records');
  }
  const rate = ir.training.optimizer.learningRate;
  if (rate.kind === 'reduce_on_plateau') {
    refuse(rate.ref, 'the reduce_on_plateau schedule is not supported in a language model', 'use warmup_cosine or another schedule of the step');
  }
  return limits;
}
