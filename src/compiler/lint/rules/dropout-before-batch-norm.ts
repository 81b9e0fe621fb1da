import type { Rule } from '../rule.js';
import { exampleSpec } from '../example-spec.js';

export const dropoutBeforeBatchNorm: Rule = {
  id: 'dropout-before-batch-norm',
  severity: 'warning',
  fixable: false,
  messages: {
    feedsBatchNorm:
      'dropout {{dropout}} (rate {{rate}}) feeds batch_norm {{norm}}{{through}}: its moving variance is learned under dropout and is wrong at inference (variance shift)',
  },
  docs: {
    summary: 'A dropout layer whose output reaches a batch_norm layer later in the model.',
    rationale: 'Dropout changes the variance of what batch_norm sees between training and inference ("variance shift", Li et al. 2019), so its moving statistics are wrong at test time.',
    whatItDoes: 'Flags each dropout layer that has a batch_norm layer after it, with the batch_norm as a related location.',
    whyIsThisBad:
      'During training a dropout layer scales kept units by 1/(1 - rate), which raises the variance of its output; at ' +
      'inference it is the identity. A batch_norm after it accumulates moving variances under dropout and then normalizes ' +
      'inference-time activations with them, shifting every downstream unit. Li, Chen, Hu & Yang (CVPR 2019) show the ' +
      'accuracy loss this causes and recommend placing dropout after the last batch_norm.',
    example: exampleSpec({
      input: '[28, 28, 1]',
      layers: ['{type: conv2d, filters: 32, kernel_size: 3, activation: relu}', '{type: dropout, rate: 0.25}', '{type: conv2d, filters: 64, kernel_size: 3, use_bias: false}', '{type: batch_norm}', '{type: activation, activation: relu}', '{type: flatten}', '{type: dense, units: 10}'],
    }),
    useInstead: exampleSpec({
      input: '[28, 28, 1]',
      layers: ['{type: conv2d, filters: 32, kernel_size: 3, activation: relu}', '{type: conv2d, filters: 64, kernel_size: 3, use_bias: false}', '{type: batch_norm}', '{type: activation, activation: relu}', '{type: dropout, rate: 0.25}', '{type: flatten}', '{type: dense, units: 10}'],
    }),
    fixSafety: 'No fix: moving layers changes the architecture.',
    references: [
      { title: 'Li, Chen, Hu & Yang 2019, Understanding the Disharmony between Dropout and Batch Normalization by Variance Shift, CVPR', url: 'https://arxiv.org/abs/1801.05134' },
    ],
  },
  check({ ir, report }) {
    for (const layer of ir.layers) {
      if (layer.type !== 'dropout') continue;
      const norm = ir.layers.slice(layer.index + 1).find((later) => later.type === 'batch_norm');
      if (!norm) continue;
      const between = norm.index - layer.index - 1;
      report({
        messageId: 'feedsBatchNorm',
        data: { dropout: layer.name, rate: layer.rate, norm: norm.name, through: between > 0 ? ` through ${between} layer${between === 1 ? '' : 's'}` : '' },
        location: layer.ref.location,
        related: [{ message: `batch_norm ${norm.name}`, location: norm.ref.location }],
        hint: 'Move dropout after the last batch_norm.',
      });
    }
  },
};
