/**
 * What every target's graph printer leaves out: a graph model (spec v2) trains as a language model
 * (text or token windows, next-token softmax cross-entropy at every position) built from the layers
 * of spec v2 plus dense, dropout and activation. Each target's graph obstacles report these with its
 * own `--target` prefix, beside what only that target cannot print.
 */
import type { ModelIR, SpecRef } from '../../ir/types.js';

export interface GraphLimit {
  ref: SpecRef;
  message: string;
  hint: string;
}

const graphLayers = new Set(['embedding', 'position_embedding', 'layer_norm', 'causal_self_attention', 'lstm', 'gru', 'add', 'drop_path', 'dense', 'dropout', 'activation']);

export function graphModelLimits(ir: ModelIR): GraphLimit[] {
  const limits: GraphLimit[] = [];
  const refuse = (ref: SpecRef, message: string, hint: string) => limits.push({ ref, message, hint });
  if (ir.data.source !== 'text' && ir.data.source !== 'tokens') {
    refuse(ir.data.ref, `a graph model (named inputs, blocks or spec v2 layers) trains on text or tokens data here, not ${ir.data.source}`, 'use a sequential model for this data, or source: text / tokens');
  }
  if (ir.training.loss !== 'softmax_cross_entropy') {
    refuse(ir.training.ref, `a language model trains with softmax_cross_entropy at every position, not ${ir.training.loss}`, 'set training.loss: softmax_cross_entropy');
  }
  if (ir.training.target !== undefined) {
    refuse(ir.training.ref, `a language model's targets are the next tokens, not training.target: ${ir.training.target}`, 'remove training.target');
  }
  if (ir.training.classWeight !== undefined) {
    refuse(ir.training.classWeightRef ?? ir.training.ref, 'class_weight is not supported in a graph model', 'remove class_weight, or use a sequential model');
  }
  if (ir.training.earlyStopping !== undefined) {
    refuse(ir.training.earlyStopping.ref, 'early_stopping is not supported in a graph model', 'remove early_stopping and pick the checkpoint by its val_loss records, or use a sequential model');
  }
  const rate = ir.training.optimizer.learningRate;
  if (rate.kind === 'reduce_on_plateau') {
    refuse(rate.ref, 'the reduce_on_plateau schedule is not supported in a graph model', 'use warmup_cosine or another schedule of the step, or a sequential model');
  }
  for (const activity of ir.activityRegularizers ?? []) {
    refuse(activity.ref, `activity_regularizer on '${activity.layer}' is not supported in a graph model`, 'remove the activity_regularizer, or penalize the weights');
  }
  for (const layer of ir.layers) {
    if (!graphLayers.has(layer.type)) refuse(layer.ref, `${layer.type} layer '${layer.name}' is not supported in a graph model`, 'use the layers of spec v2 with dense, dropout and activation');
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
