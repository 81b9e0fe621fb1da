import type { Rule } from '../rule.js';
import { exampleSpec } from '../example-spec.js';

const spec = (batch: number) =>
  exampleSpec({
    input: '[28, 28, 1]',
    layers: ['{type: conv2d, filters: 32, kernel_size: 3, use_bias: false}', '{type: batch_norm}', '{type: activation, activation: relu}', '{type: flatten}', '{type: dense, units: 10}'],
    training: `{loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.05}, batch_size: ${batch}, epochs: 5}`,
  });

export const batchNormTinyBatch: Rule = {
  id: 'batch-norm-tiny-batch',
  severity: 'warning',
  fixable: false,
  options: {
    minBatch: { default: 8, minimum: 1, description: 'warn when a model with batch_norm trains with batches smaller than this' },
  },
  messages: {
    tinyBatch:
      'batch_size {{batch}} with {{count}}: batch_norm normalizes each unit by the mean and variance of {{batch}} example{{s}}, ' +
      'too few to estimate them (warns below {{minBatch}})',
  },
  docs: {
    summary: 'batch_norm trained with batches of fewer than 8 examples.',
    rationale:
      'Batch statistics of a handful of examples are noise: training normalizes with them while inference uses the moving averages, and accuracy drops sharply below about 8 examples a batch (Wu & He 2018).',
    whatItDoes: 'Reports training.batch_size when the model has a batch_norm layer and the batch size is below `minBatch` (8), with the batch_norm layers as related locations.',
    whyIsThisBad:
      'During training batch_norm subtracts the batch mean and divides by the batch standard deviation of each unit. With one ' +
      'example per batch the normalized value of a dense unit is 0 whatever the input; with 2 to 4 the estimates are so noisy ' +
      'that the network learns to depend on them, and at inference, where the moving averages are used, it behaves differently. ' +
      'Wu & He (2018) measure it on ImageNet: batch norm\'s error rises rapidly as the batch shrinks, and at 2 images per batch ' +
      'ResNet-50 with group norm has 10.6% lower error than with batch norm, while at typical batch sizes the two are comparable. A Keras user reports (keras-team/keras#8837) a CIFAR-10 model that fits its ' +
      'training data at batch 32 but scores 54% on that same data at batch 1.',
    example: spec(2),
    useInstead: spec(32),
    fixSafety: 'No fix: a larger batch may not fit in memory, and then batch_norm should go.',
    references: [
      { title: 'Wu & He 2018, Group Normalization, ECCV (Figure 1: BN error vs batch size)', url: 'https://arxiv.org/abs/1803.08494' },
      { title: 'keras-team/keras#8837: a BatchNormalization model trained at batch size 1 is not usable for predictions', url: 'https://github.com/keras-team/keras/issues/8837' },
    ],
  },
  check({ ir, source, options, report }) {
    const minBatch = options.minBatch ?? 8;
    const norms = ir.layers.filter((layer) => layer.type === 'batch_norm');
    const batch = ir.training.batchSize;
    if (norms.length === 0 || batch >= minBatch) return;
    report({
      messageId: 'tinyBatch',
      data: { batch, s: batch === 1 ? '' : 's', count: norms.length === 1 ? `batch_norm ${norms[0]!.name}` : `${norms.length} batch_norm layers`, minBatch },
      location: source.locate(['training', 'batch_size']),
      related: norms.map((norm) => ({ message: `batch_norm ${norm.name}`, location: norm.ref.location })),
      hint: 'Train with batches of 16 or more, or remove batch_norm (mlpc has no group or layer norm yet).',
    });
  },
};
