import type { Rule } from '../rule.js';

export const inputDropoutRate: Rule = {
  id: 'input-dropout-rate',
  severity: 'warning',
  fixable: false,
  options: {
    inputRate: { default: 0.2, minimum: 0, description: 'highest dropout rate directly on the input' },
    maxRate: { default: 0.8, minimum: 0, description: 'highest dropout rate anywhere' },
  },
  docs: {
    summary: 'Dropout on the input above rate 0.2, or any dropout rate above 0.8 (often a keep probability written as a rate).',
    rationale: 'Srivastava et al. drop 20% of input units and 50% of hidden ones; dropping more inputs destroys the signal, and rate 0.9 usually meant keep_prob 0.9.',
    whatItDoes:
      'Flags a dropout layer that is the first layer of the model (possibly after flatten) with a rate above `inputRate` (0.2), and any dropout layer with a rate above `maxRate` (0.8).',
    whyIsThisBad:
      'In mlpc, as in Keras, `rate` is the probability of dropping a unit. TensorFlow 1\'s tf.nn.dropout took keep_prob, ' +
      'the probability of keeping it: code ported from it with `rate: 0.9` drops 90% of the units instead of 10%. ' +
      'On the input, Srivastava et al. 2014 (§A.4) found 0.2 a good rate and much higher rates lose too much information ' +
      'about each example.',
    example: 'layers:\n  - {type: dropout, rate: 0.5}   # on the 784 input pixels\n  - {type: dense, units: 1024, activation: relu}\n  - {type: dropout, rate: 0.9}   # meant keep_prob 0.9',
    useInstead: 'layers:\n  - {type: dropout, rate: 0.2}\n  - {type: dense, units: 1024, activation: relu}\n  - {type: dropout, rate: 0.1}',
    fixSafety: 'No fix: whether 0.9 meant keep_prob cannot be known from the spec.',
    references: [
      { title: 'Srivastava et al. 2014, Dropout: A Simple Way to Prevent Neural Networks from Overfitting, JMLR 15, §A.4', url: 'https://jmlr.org/papers/v15/srivastava14a.html' },
    ],
  },
  check({ ir, source, options, report }) {
    const inputRate = options.inputRate ?? 0.2;
    const maxRate = options.maxRate ?? 0.8;
    let onInput = true;
    for (const layer of ir.layers) {
      if (layer.type === 'dropout') {
        const location = source.locate([...layer.ref.path, 'rate']);
        if (layer.rate > maxRate) {
          report({
            message: `dropout ${layer.name} has rate ${layer.rate}: it drops ${Math.round(layer.rate * 100)}% of its units and keeps ${Math.round((1 - layer.rate) * 100)}%; above ${maxRate}, the rate is usually a keep probability`,
            location,
            hint: `If ${layer.rate} is the probability of keeping a unit, write rate: ${Number((1 - layer.rate).toFixed(6))}.`,
          });
        } else if (onInput && layer.rate > inputRate) {
          report({
            message: `dropout ${layer.name} drops ${Math.round(layer.rate * 100)}% of the input features (rate ${layer.rate}); Srivastava et al. 2014 use 0.2 on inputs, 0.5 on hidden units`,
            location,
          });
        }
      }
      if (layer.type !== 'flatten' && layer.type !== 'dropout') onInput = false;
    }
  },
};
