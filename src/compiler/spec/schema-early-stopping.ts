/**
 * Schema of training.early_stopping: Keras's EarlyStopping callback (monitor, patience, min_delta,
 * restore_best_weights), counted in evaluations (logging points) instead of epochs; docs/checkpoints.md.
 */
type Schema = Record<string, unknown>;

export const earlyStopping: Schema = {
  type: 'object', additionalProperties: false, required: ['patience'],
  description: 'stop when the monitored validation value has not improved for `patience` evaluations (Keras EarlyStopping)',
  properties: {
    monitor: {
      enum: ['val_loss', 'val_accuracy', 'val_binary_accuracy', 'val_mae'],
      description: 'the validation field of metrics.jsonl watched: losses and mae must fall, accuracies rise (default val_loss)',
    },
    patience: { type: 'integer', minimum: 1, maximum: 1000000, description: 'evaluations without improvement before training stops' },
    min_delta: { type: 'number', minimum: 0, maximum: 1000000, description: 'an improvement is a change larger than this (default 0)' },
    restore_best: { type: 'boolean', description: 'end with the weights of the best evaluation (kept in <out>/checkpoint/best.ckpt); default false, as Keras' },
  },
};
