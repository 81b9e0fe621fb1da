/** The registry: adding a rule is its module plus one line here. Order is the rule table's (docs/rules/README.md) and `mlpc explain`'s. */
import type { Rule } from '../rule.js';
import { biasBeforeBatchNorm } from './bias-before-batch-norm.js';
import { dropoutBeforeBatchNorm } from './dropout-before-batch-norm.js';
import { dropoutWithoutMaxNorm } from './dropout-without-max-norm.js';
import { duplicateRegularizer } from './duplicate-regularizer.js';
import { initScale } from './init-scale.js';
import { inputDropoutRate } from './input-dropout-rate.js';
import { l2WithAdaptiveOptimizer } from './l2-with-adaptive-optimizer.js';
import { noBiasRegularization } from './no-bias-regularization.js';
import { noDoubleSoftmax } from './no-double-softmax.js';
import { noDropoutOnLogits } from './no-dropout-on-logits.js';
import { noConstantKernelInit } from './no-constant-kernel-init.js';
import { noNormRegularization } from './no-norm-regularization.js';
import { noStackedLinearLayers } from './no-stacked-linear-layers.js';
import { regularizationDominatesLoss } from './regularization-dominates-loss.js';
import { unregularizedLargeModel } from './unregularized-large-model.js';
import { activationOnLogits } from './activation-on-logits.js';
import { batchExceedsTrainingSet } from './batch-exceeds-training-set.js';
import { batchNormTinyBatch } from './batch-norm-tiny-batch.js';
import { learningRateOutOfRange } from './learning-rate-out-of-range.js';
import { scheduleTypeKey } from './schedule-type-key.js';
import { mseForClassification } from './mse-for-classification.js';
import { saturatingActivationsDeep } from './saturating-activations-deep.js';
import { singleUnitSoftmax } from './single-unit-softmax.js';
import { softmaxOnHiddenLayer } from './softmax-on-hidden-layer.js';
import { weightDecayWithL2 } from './weight-decay-with-l2.js';
import { earlyStoppingWithoutValidation } from './early-stopping-without-validation.js';
import { dropoutBetweenSingleLayer } from './dropout-between-single-layer.js';
import { futureLeakInLanguageModel } from './future-leak-in-language-model.js';
import { weightDropRate } from './weight-drop-rate.js';

export const rules: readonly Rule[] = [
  noBiasRegularization,
  noNormRegularization,
  noDropoutOnLogits,
  noDoubleSoftmax,
  inputDropoutRate,
  dropoutBeforeBatchNorm,
  initScale,
  regularizationDominatesLoss,
  l2WithAdaptiveOptimizer,
  weightDecayWithL2,
  duplicateRegularizer,
  dropoutWithoutMaxNorm,
  unregularizedLargeModel,
  biasBeforeBatchNorm,
  noStackedLinearLayers,
  noConstantKernelInit,
  singleUnitSoftmax,
  softmaxOnHiddenLayer,
  activationOnLogits,
  mseForClassification,
  learningRateOutOfRange,
  saturatingActivationsDeep,
  batchNormTinyBatch,
  batchExceedsTrainingSet,
  scheduleTypeKey,
  earlyStoppingWithoutValidation,
  dropoutBetweenSingleLayer,
  futureLeakInLanguageModel,
  weightDropRate,
];

export function findRule(id: string): Rule | undefined {
  return rules.find((rule) => rule.id === id);
}
