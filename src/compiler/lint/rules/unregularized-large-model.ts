import type { Rule } from '../rule.js';
import { fmt, thousands } from '../init-stats.js';
import { exampleSpec } from '../example-spec.js';

export const unregularizedLargeModel: Rule = {
  id: 'unregularized-large-model',
  severity: 'info',
  fixable: false,
  messages: {
    unregularized: '{{params}} trainable parameters for {{examples}} training examples ({{times}}×) and no dropout, regularizer, constraint or weight decay',
  },
  options: {
    ratio: { default: 10, minimum: 0, description: 'report when trainable parameters exceed this many times the training examples' },
  },
  docs: {
    summary: 'Far more trainable parameters (default: over 10×) than training examples, with no regularizer, constraint, weight decay or dropout.',
    rationale: 'Such a model can memorize its training set; some regularization is almost always needed to generalize.',
    whatItDoes: 'Compares the trainable parameter count with data.train and reports when the ratio exceeds `ratio` (10) and nothing regularizes the model.',
    whyIsThisBad:
      'With many more parameters than examples the training loss can reach zero by memorization; held-out error then ' +
      'depends on implicit regularization alone. Dropout, L2 or max-norm (Srivastava et al. 2014, Table 9) are cheap to add.',
    example: exampleSpec({ data: '{source: mnist, train: 500}', layers: ['{type: dense, units: 1024, activation: relu}', '{type: dense, units: 10}'] }),
    useInstead: exampleSpec({ data: '{source: mnist, train: 500}', layers: ['{type: dense, units: 1024, activation: relu}', '{type: dropout, rate: 0.5}', '{type: dense, units: 10}'] }),
    fixSafety: 'No fix.',
    references: [
      { title: 'Zhang et al. 2017, Understanding deep learning requires rethinking generalization, ICLR', url: 'https://arxiv.org/abs/1611.03530' },
    ],
  },
  check({ ir, source, options, report }) {
    const ratio = options.ratio ?? 10;
    const regularized =
      ir.layers.some((layer) => layer.type === 'dropout') ||
      (ir.activityRegularizers?.length ?? 0) > 0 ||
      ir.parameters.some((param) => param.regularizers.length > 0 || param.constraints.length > 0 || param.weightDecay);
    // data.train 0: the size is unknown (token files not readable at compile time).
    if (ir.data.train === 0) return;
    const times = ir.totals.trainable / ir.data.train;
    if (regularized || !(times > ratio)) return;
    report({
      messageId: 'unregularized',
      data: { params: thousands(ir.totals.trainable), examples: thousands(ir.data.train), times: fmt(times) },
      location: source.locate(['model', 'layers']),
      related: [{ message: `data.train: ${ir.data.train}`, location: source.locate(['data', 'train']) }],
    });
  },
};
