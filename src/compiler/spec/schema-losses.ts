/**
 * Schema pieces of the losses past single-label classification (regression, multi-label,
 * reconstruction), class weights and activity regularizers; see docs/spec-v1.md, "Losses and targets".
 */
type Schema = Record<string, unknown>;

/** Losses on real-valued targets (and binary_cross_entropy on k 0/1 targets), beside the classification ones. */
export const regressionLosses = ['binary_cross_entropy', 'mean_absolute_error', 'huber'];

export const lossFields: Record<string, Schema> = {
  target: {
    enum: ['labels', 'input'],
    description: 'what the loss compares the output with: the data\'s labels or target columns (default), or the input itself (an autoencoder)',
  },
  huber_delta: {
    type: 'number', exclusiveMinimum: 0, maximum: 1000000,
    description: 'huber: 0.5·e² where |e| ≤ δ, else δ·(|e| − 0.5·δ) (Keras Huber(delta), torch HuberLoss(delta)); default 1',
  },
  class_weight: {
    type: 'array', items: { type: 'number', minimum: 0, maximum: 1000000 }, minItems: 2, maxItems: 100000,
    description: 'one weight per class, in class order (Keras class_weight {0: w0, 1: w1, ...}): loss = Σ w_yi·l_i / N',
  },
};

export const csvTargets: Schema = {
  type: 'array', items: { type: 'string', minLength: 1, maxLength: 256 }, minItems: 1, maxItems: 100000, uniqueItems: true,
  description: 'real-valued target columns (regression, multi-label 0/1 columns), instead of a label column',
};

export const csvPositionLabels: Schema = {
  type: 'array', items: { type: 'string', minLength: 1, maxLength: 256 }, minItems: 1, maxItems: 100000, uniqueItems: true,
  description: 'one integer class label column per position of a [steps, classes] output (a tagger), in position order: softmax_cross_entropy at every position (Keras SparseCategoricalCrossentropy on [batch, steps, classes])',
};

const lambda = { type: 'number', minimum: 0, maximum: 1000 };
export const activityRegularizer: Schema = {
  type: 'object', additionalProperties: false,
  description: 'a penalty on the layer\'s output (after its activation): l1: λ adds λ·Σ|a| / batch, l2: λ adds λ·Σa² / batch (Keras activity_regularizer)',
  properties: { l1: lambda, l2: lambda },
  anyOf: [{ required: ['l1'] }, { required: ['l2'] }],
};
