import { appliedActivations } from '../layer-roles.js';
import type { Rule } from '../rule.js';
import { deepLearningBook } from '../references.js';
import { exampleSpec } from '../example-spec.js';

const spec = (hidden: string) => exampleSpec({ layers: [`{type: dense, units: 64, activation: ${hidden}}`, '{type: dense, units: 10}'] });

export const softmaxOnHiddenLayer: Rule = {
  id: 'softmax-on-hidden-layer',
  severity: 'warning',
  fixable: false,
  messages: {
    hiddenSoftmax:
      '{{where}} applies softmax to the {{units}} units of a hidden layer: they are forced to sum to 1, so the next layer sees a probability vector whose entries average 1/{{units}}',
  },
  docs: {
    summary: 'A softmax activation on a layer that is not the output.',
    rationale:
      'Softmax is the output layer\'s link to a categorical distribution; inside the network it couples all units (they sum to 1) and squeezes each towards 1/n, which starves the next layer of signal.',
    whatItDoes:
      'Flags `activation: softmax` on a dense/conv2d/conv1d layer, or a softmax activation layer, that comes before the last layer with weights. ' +
      '(A softmax over a single unit is single-unit-softmax\'s finding, not this one\'s.)',
    whyIsThisBad:
      'With n units the softmax outputs average 1/n and their derivative p_i(1 − p_i) is small, so a 64-unit softmax hidden layer ' +
      'passes the next layer values around 0.016 and gradients damped accordingly; raising one unit lowers all the others. It is ' +
      'usually a copy of the output layer\'s line. An answer on a Russian-language Stack Overflow mirror diagnoses exactly this: ' +
      'replacing a first-layer softmax by a sigmoid (and the zero init by a random one) made the network train.',
    example: spec('softmax'),
    useInstead: spec('relu'),
    fixSafety: 'No fix: which activation was meant is unknown.',
    references: [
      deepLearningBook('§6.2.2.3 Softmax Units for Multinoulli Output Distributions', 'mlp'),
      { title: 'A neural network with one hidden layer cannot be trained (softmax on the hidden layer)', url: 'http://pullrequest.ru/11818227/neironnaya-set-odnim-skrytym-sloem-mozhet-byt-obuchena' },
    ],
  },
  check({ ir, source, report }) {
    for (const applied of appliedActivations(ir)) {
      if (applied.activation !== 'softmax' || applied.onOutput || applied.units === 1) continue;
      report({
        messageId: 'hiddenSoftmax',
        data: { where: applied.layer.type === 'activation' ? `activation layer ${applied.layer.name}` : applied.layer.name, units: applied.units },
        location: source.locate(applied.path),
        hint: 'Use relu (or tanh) in hidden layers; keep softmax for the output, or leave it to softmax_cross_entropy.',
      });
    }
  },
};
